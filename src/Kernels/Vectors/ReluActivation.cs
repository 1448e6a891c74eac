using System.Numerics;
using System.Runtime.CompilerServices;
using Kernels.Simd;

namespace Kernels.Vectors;

/// <summary>
/// σ(z) = z unless z &lt; 0, then 0: NaN passes through and −0 stays −0 (one compare and one mask, no max with its
/// NaN and signed-zero rules). σ'(a) = 1 when a &gt; 0, 0 when a ≤ 0, NaN when a is NaN, so a NaN activation still poisons δ.
/// </summary>
internal readonly struct ReluActivation<T> : IActivation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool UsesManyRegisters => false;

    public static T Forward(T z) => z < T.Zero ? T.Zero : z;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Forward<TV, TOps>(TV z) where TV : struct where TOps : struct, IVectorOps<TV, T> =>
        TOps.AndNot(z, TOps.LessThan(z, TOps.Zero));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // the scalar loop's body; left alone, the JIT kept it a call
    public static T Derivative(T a) => a > T.Zero ? T.One : T.IsNaN(a) ? a : T.Zero;

    // σ'(a) = (1 | isnan(a)) masked off where a ≤ −0: an all-ones NaN mask is itself a NaN, and a NaN fails the compare.
    // −0, not 0: it compares equal to +0, so a ≤ −0 is a ≤ 0 exactly, but it is not the zero vector, which the JIT
    // re-creates for every vector it is used in (one more µop in a loop bound by µops), and unlike the smallest
    // subnormal it stays right on a thread that flushes subnormals to zero.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Derivative<TV, TOps>(TV a) where TV : struct where TOps : struct, IVectorOps<TV, T> =>
        TOps.AndNot(TOps.Or(TOps.One, TOps.IsNaN(a)), TOps.LessThanOrEqual(a, TOps.Broadcast(T.NegativeZero)));
}
