using System.Numerics;
using System.Runtime.CompilerServices;
using Kernels.Simd;

namespace Kernels.Vectors;

/// <summary>σ(z) = 1 / (1 + e^(−z)); σ' = a(1 − a). Saturates to exactly 0 below the exp overflow point and to 1 above.</summary>
internal readonly struct SigmoidActivation<T> : IActivation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool UsesManyRegisters => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // the scalar tail of every sigmoid call
    public static T Forward(T z) => T.One / (T.One + T.Exp(-z));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Forward<TV, TOps>(TV z) where TV : struct where TOps : struct, IVectorOps<TV, T> =>
        TOps.Divide(TOps.One, TOps.Add(TOps.One, TOps.Exp(TOps.Negate(z))));

    // a * (1 - a) in that order at every width, so all paths round identically.
    public static T Derivative(T a) => a * (T.One - a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Derivative<TV, TOps>(TV a) where TV : struct where TOps : struct, IVectorOps<TV, T> =>
        TOps.Multiply(a, TOps.Subtract(TOps.One, a));
}
