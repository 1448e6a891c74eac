using System.Numerics;
using System.Runtime.Intrinsics;

namespace Kernels.Vectors;

/// <summary>
/// σ(z) = z unless z &lt; 0, then 0: NaN passes through and −0 stays −0 (one compare and one mask, no max with its
/// NaN and signed-zero rules). σ'(a) = 1 when a &gt; 0, 0 when a ≤ 0, NaN when a is NaN, so a NaN activation still poisons δ.
/// </summary>
internal readonly struct ReluActivation<T> : IActivation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool UsesManyRegisters => false;

    public static T Forward(T z) => z < T.Zero ? T.Zero : z;
    public static Vector128<T> Forward(Vector128<T> z) => Vector128.AndNot(z, Vector128.LessThan(z, Vector128<T>.Zero));
    public static Vector256<T> Forward(Vector256<T> z) => Vector256.AndNot(z, Vector256.LessThan(z, Vector256<T>.Zero));
    public static Vector<T> Forward(Vector<T> z) => Vector.AndNot(z, Vector.LessThan(z, Vector<T>.Zero));

    public static T Derivative(T a) => a > T.Zero ? T.One : T.IsNaN(a) ? a : T.Zero;

    // σ'(a) = (1 | isnan(a)) masked off where a ≤ −0: an all-ones NaN mask is itself a NaN, and a NaN fails the compare.
    // −0, not 0: it compares equal to +0, so a ≤ −0 is a ≤ 0 exactly, but it is not the zero vector, which the JIT
    // re-creates for every vector it is used in (one more µop where this loop is µop-bound in L1: 2 loads, a store and
    // 5 vector ops per vector; 138 → 116–119 ns for 2048 floats on Zen, AVX-512 on and off, measured). The smallest
    // subnormal (a < ε) was as fast but reads +0 as positive on a thread that flushes subnormals to zero (a native
    // library built with fast-math can set that), and ReLU outputs exact zeros all the time; −0 is immune, and a
    // subnormal activation then compares as the scalar path compares it.
    public static Vector128<T> Derivative(Vector128<T> a) =>
        Vector128.AndNot(Vector128<T>.One | Vector128.IsNaN(a), Vector128.LessThanOrEqual(a, Vector128.Create(T.NegativeZero)));
    public static Vector256<T> Derivative(Vector256<T> a) =>
        Vector256.AndNot(Vector256<T>.One | Vector256.IsNaN(a), Vector256.LessThanOrEqual(a, Vector256.Create(T.NegativeZero)));
    public static Vector<T> Derivative(Vector<T> a) =>
        Vector.AndNot(Vector<T>.One | Vector.IsNaN(a), Vector.LessThanOrEqual(a, new Vector<T>(T.NegativeZero)));
}
