using System.Numerics;
using System.Runtime.CompilerServices;
using Kernels.Simd;

namespace Kernels.Vectors;

/// <summary>σ(z) = z, σ' = 1.</summary>
internal readonly struct IdentityActivation<T> : IActivation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool UsesManyRegisters => false;

    public static T Forward(T z) => z;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Forward<TV, TOps>(TV z) where TV : struct where TOps : struct, IVectorOps<TV, T> => z;

    public static T Derivative(T a) => T.One;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Derivative<TV, TOps>(TV a) where TV : struct where TOps : struct, IVectorOps<TV, T> => TOps.One;
}
