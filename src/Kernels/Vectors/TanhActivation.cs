using System.Numerics;
using System.Runtime.CompilerServices;
using Kernels.Simd;

namespace Kernels.Vectors;

/// <summary>σ(z) = tanh z; σ' = 1 − a². The vector form is <see cref="VectorMath"/>'s.</summary>
internal readonly struct TanhActivation<T> : IActivation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool UsesManyRegisters => true;

    public static T Forward(T z) => T.Tanh(z);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Forward<TV, TOps>(TV z) where TV : struct where TOps : struct, IVectorOps<TV, T> => TOps.Tanh(z);

    // 1 - a*a without FMA at every width, so all paths round identically.
    public static T Derivative(T a) => T.One - a * a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Derivative<TV, TOps>(TV a) where TV : struct where TOps : struct, IVectorOps<TV, T> =>
        TOps.Subtract(TOps.One, TOps.Multiply(a, a));
}
