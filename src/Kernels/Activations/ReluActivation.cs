using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Kernels;

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

    // σ'(a) = (1 unless a ≤ 0) | isnan(a): an all-ones NaN mask is itself a NaN. a ≤ 0 is decided on the bits (as an
    // integer, a ≤ 0 exactly for +0, −0 and every negative number, −∞ included), for two reasons:
    // - a compare against a zero constant makes the JIT re-create the zero register for every vector (one more µop), and
    //   this loop is µop-bound in L1 (2 loads, a store and 5 vector ops per vector): 138 → 116–122 ns for 2048 floats
    //   on Zen, measured;
    // - a floating compare against the smallest subnormal (as fast) would read +0 as positive on a thread that treats
    //   subnormals as zero (a native library built with fast-math can set that), and ReLU outputs exact zeros all the
    //   time. On the bits, only a subnormal activation under that mode differs from the scalar path.
    public static Vector128<T> Derivative(Vector128<T> a) =>
        Vector128.AndNot(Vector128<T>.One, NotPositive(a)) | Vector128.IsNaN(a);
    public static Vector256<T> Derivative(Vector256<T> a) =>
        Vector256.AndNot(Vector256<T>.One, NotPositive(a)) | Vector256.IsNaN(a);
    public static Vector<T> Derivative(Vector<T> a) =>
        Vector.AndNot(Vector<T>.One, NotPositive(a)) | Vector.IsNaN(a);

    // All ones where a's bits, read as a signed integer, are below 1 (a ≤ 0 for every number; a NaN with its sign set too,
    // which the isnan term restores). Types without an integer view (none has a vector path) compare as numbers.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<T> NotPositive(Vector128<T> a) =>
        typeof(T) == typeof(float) ? Vector128.LessThan(a.AsInt32(), Vector128<int>.One).As<int, T>()
        : typeof(T) == typeof(double) ? Vector128.LessThan(a.AsInt64(), Vector128<long>.One).As<long, T>()
        : Vector128.LessThanOrEqual(a, Vector128<T>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> NotPositive(Vector256<T> a) =>
        typeof(T) == typeof(float) ? Vector256.LessThan(a.AsInt32(), Vector256<int>.One).As<int, T>()
        : typeof(T) == typeof(double) ? Vector256.LessThan(a.AsInt64(), Vector256<long>.One).As<long, T>()
        : Vector256.LessThanOrEqual(a, Vector256<T>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<T> NotPositive(Vector<T> a) =>
        typeof(T) == typeof(float) ? Vector.As<int, T>(Vector.LessThan(Vector.AsVectorInt32(a), Vector<int>.One))
        : typeof(T) == typeof(double) ? Vector.As<long, T>(Vector.LessThan(Vector.AsVectorInt64(a), Vector<long>.One))
        : Vector.LessThanOrEqual(a, Vector<T>.Zero);
}
