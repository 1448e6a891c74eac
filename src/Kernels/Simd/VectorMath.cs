using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Kernels.Simd;

/// <summary>
/// Transcendental functions at each vector width for float and double: exp (our own for float and for 128-bit double
/// vectors, the runtime's for wider double vectors) and tanh.
/// </summary>
/// <remarks>
/// <para>
/// exp, float: the runtime's vector <c>Exp</c> for float works in double and is too large to be inlined, so every
/// vector paid a call, with the caller's vector registers saved around it; ours (below) is inlined and stays in float,
/// within 1 ulp of the correctly rounded result. Inside softmax and sigmoid loops the saved call counts most.
/// </para>
/// <para>
/// tanh: tanh|x| = m/(m + 2) with m = e^(2|x|) − 1, and m from exp's own reduction and polynomial:
/// 2|x| = n·ln 2 + r, e^r − 1 = r + r²·P(r) (no cancellation: the 1 is never added), and m = 2^n·(e^r − 1) + (2^n − 1),
/// where 2^n − 1 is exact and the multiply-add that joins them rounds once. So one division, no second formula near 0
/// and no select. 2|x| is clamped at 20 for float, 40 for double: tanh rounds to 1 from |x| ≈ 9.01 (float) and 19.06
/// (double). Where 2^n − 1 is no longer exact (n above 24 or 53, from |x| ≈ 8.5 or 18.5) its rounding error is below
/// an ulp of m, and m/(m + 2) is within a few ulp of 1 there, so it does not show. ±0 and subnormals come out
/// exactly (m = 2x, then 2x/2), ±∞ gives ±1, NaN stays NaN (the clamp takes it as its second operand, as in exp).
/// Float is within 2 ulp of the correctly rounded tanh, double within 4 ulp of <c>Math.Tanh</c> (where the reduction
/// leaves r below 0, 2·(e^r − 1) + 1 cancels a little). It replaced a two-branch form (a Padé approximant below 0.625,
/// 1 − 2/(e^(2|x|) + 1) above), slower because every lane computed both branches and selected.
/// </para>
/// <para>
/// Why not TensorPrimitives.Tanh: in System.Numerics.Tensors 10.0 it gives tanh(±0) a nonzero value of the wrong sign,
/// and near 0 its error stays near 6e−8 absolute (billions of ulp), where this one is within 2 ulp and no slower.
/// </para>
/// </remarks>
internal static class VectorMath
{
    private const float TanhClamp = 20f;
    private const double TanhClampD = 40;

    /// <summary>Scalar a·b + c, fused exactly when the vector <c>MultiplyAdd</c> helpers fuse (the CPU has FMA), so edge
    /// elements of a tile round like the vector lanes next to them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MultiplyAdd<T>(T a, T b, T c) where T : IFloatingPointIeee754<T> =>
        System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported ? T.FusedMultiplyAdd(a, b, c) : a * b + c;

    /// <summary>a·b + c, fused (one rounding) when the CPU has FMA, else multiplied and added (two roundings).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MultiplyAdd<T>(Vector128<T> a, Vector128<T> b, Vector128<T> c)
    {
        if (typeof(T) == typeof(float)) return Vector128.MultiplyAddEstimate(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector128.MultiplyAddEstimate(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        return a * b + c;
    }

    /// <inheritdoc cref="MultiplyAdd{T}(Vector128{T}, Vector128{T}, Vector128{T})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MultiplyAdd<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        if (typeof(T) == typeof(float)) return Vector256.MultiplyAddEstimate(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector256.MultiplyAddEstimate(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
        return a * b + c;
    }

    /// <inheritdoc cref="MultiplyAdd{T}(Vector128{T}, Vector128{T}, Vector128{T})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> MultiplyAdd<T>(Vector<T> a, Vector<T> b, Vector<T> c)
    {
        if (typeof(T) == typeof(float)) return Vector.MultiplyAddEstimate(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
        if (typeof(T) == typeof(double)) return Vector.MultiplyAddEstimate(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
        return a * b + c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Exp<T>(Vector128<T> x)
    {
        if (typeof(T) == typeof(float)) return ExpSingle(x.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return ExpDouble(x.AsDouble()).As<double, T>();
        throw new System.NotSupportedException();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Exp<T>(Vector256<T> x)
    {
        if (typeof(T) == typeof(float)) return ExpSingle(x.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return ExpDouble(x.AsDouble()).As<double, T>();
        throw new System.NotSupportedException();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Exp<T>(Vector<T> x)
    {
        if (typeof(T) == typeof(float)) return ExpSingle(x.As<T, float>()).As<float, T>();
        if (typeof(T) == typeof(double)) return ExpDouble(x.As<T, double>()).As<double, T>();
        throw new System.NotSupportedException();
    }

    // ---- float exp: e^x = 2^n·e^r, n = round(x/ln 2), r = x − n·ln 2 ∈ [−ln2/2, ln2/2] ----
    // r is reduced in two steps (Cody–Waite: ln 2 = ExpLn2Hi + ExpLn2Lo, ExpLn2Hi with 9 significant bits, so n·ExpLn2Hi is
    // exact); e^r ≈ 1 + r + r²·P(r), P of degree 5 with Cephes' expf coefficients; 2^n is applied as 2^⌊n/2⌋·2^(n−⌊n/2⌋),
    // two normal powers of two, so results down to the subnormals round once. x is clamped to [−104, 89] first: below,
    // e^x rounds to 0; above, to +∞ (the clamped value already overflows). The clamps take x as their second operand,
    // which the native min and max return when it is NaN (MINPS/MAXPS on x64; AdvSimd's FMIN/FMAX propagate NaN
    // anyway), so a NaN goes through the arithmetic and comes out NaN (VectorMathTests checks it at every width).
    // Within 1 ulp of the correctly rounded e^x.

    private const float ExpLog2E = 1.44269504088896341f, ExpLn2Hi = 0.693359375f, ExpLn2Lo = -2.12194440e-4f;
    private const float ExpP0 = 1.9875691500e-4f, ExpP1 = 1.3981999507e-3f, ExpP2 = 8.3334519073e-3f, ExpP3 = 4.1665795894e-2f,
        ExpP4 = 1.6666665459e-1f, ExpP5 = 5.0000001201e-1f;
    private const float ExpMin = -104f, ExpMax = 89f;
    private const float ExpRound = 12582912f; // 1.5·2^23: x + ExpRound rounds x to an integer, held in the low mantissa bits

    // ---- double exp: the same scheme as float, with ln 2 split as in fdlibm (ExpLn2HiD has 32 significant bits, so
    // n·ExpLn2HiD is exact for every n in range) and e^r ≈ 1 + r + r²·P(r), P the Taylor series to r^11/13!: its
    // truncation error on |r| ≤ ln2/2 is below 5e-18, far under half an ulp. Every width uses it: the runtime's vector
    // Exp for double is slow at 128 bits, and at 256 bits it recomputes a whole vector another way when one lane is out
    // of its fast range, so a result depended on its neighbours, i.e. on the array's alignment.

    private const double ExpLog2ED = 1.4426950408889634, ExpLn2HiD = 6.93147180369123816490e-01, ExpLn2LoD = 1.90821492927058770002e-10;
    private const double ExpMinD = -746, ExpMaxD = 710;
    private const double ExpRoundD = 6755399441055744.0; // 1.5·2^52

    // 1/(k + 2)! for k = 0..11.
    private const double ExpC0 = 1.0 / 2, ExpC1 = 1.0 / 6, ExpC2 = 1.0 / 24, ExpC3 = 1.0 / 120, ExpC4 = 1.0 / 720, ExpC5 = 1.0 / 5040,
        ExpC6 = 1.0 / 40320, ExpC7 = 1.0 / 362880, ExpC8 = 1.0 / 3628800, ExpC9 = 1.0 / 39916800, ExpC10 = 1.0 / 479001600, ExpC11 = 1.0 / 6227020800;

    // e^r − 1 for r = xc − n·ln 2, given t = xc·log2(e) + 1.5·2^52 (n = round(xc/ln 2) in t's low mantissa bits): shared
    // by exp, which adds the 1 and scales by 2^n, and tanh, which never adds the 1. Both callers compute t themselves,
    // since they also need its bits for 2^n.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> ExpM1ReducedDouble(Vector256<double> xc, Vector256<double> t)
    {
        Vector256<double> n = t - Vector256.Create(ExpRoundD);
        Vector256<double> r = Vector256.MultiplyAddEstimate(n, Vector256.Create(-ExpLn2HiD), xc);
        r = Vector256.MultiplyAddEstimate(n, Vector256.Create(-ExpLn2LoD), r);
        Vector256<double> p = Vector256.MultiplyAddEstimate(Vector256.Create(ExpC11), r, Vector256.Create(ExpC10));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(ExpC9));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(ExpC8));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(ExpC7));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(ExpC6));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(ExpC5));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(ExpC4));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(ExpC3));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(ExpC2));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(ExpC1));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(ExpC0));
        return Vector256.MultiplyAddEstimate(p, r * r, r);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> ExpM1ReducedDouble(Vector128<double> xc, Vector128<double> t)
    {
        Vector128<double> n = t - Vector128.Create(ExpRoundD);
        Vector128<double> r = Vector128.MultiplyAddEstimate(n, Vector128.Create(-ExpLn2HiD), xc);
        r = Vector128.MultiplyAddEstimate(n, Vector128.Create(-ExpLn2LoD), r);
        Vector128<double> p = Vector128.MultiplyAddEstimate(Vector128.Create(ExpC11), r, Vector128.Create(ExpC10));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(ExpC9));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(ExpC8));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(ExpC7));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(ExpC6));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(ExpC5));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(ExpC4));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(ExpC3));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(ExpC2));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(ExpC1));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(ExpC0));
        return Vector128.MultiplyAddEstimate(p, r * r, r);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> ExpM1ReducedDouble(Vector<double> xc, Vector<double> t)
    {
        Vector<double> n = t - new Vector<double>(ExpRoundD);
        Vector<double> r = Vector.MultiplyAddEstimate(n, new Vector<double>(-ExpLn2HiD), xc);
        r = Vector.MultiplyAddEstimate(n, new Vector<double>(-ExpLn2LoD), r);
        Vector<double> p = Vector.MultiplyAddEstimate(new Vector<double>(ExpC11), r, new Vector<double>(ExpC10));
        p = Vector.MultiplyAddEstimate(p, r, new Vector<double>(ExpC9));
        p = Vector.MultiplyAddEstimate(p, r, new Vector<double>(ExpC8));
        p = Vector.MultiplyAddEstimate(p, r, new Vector<double>(ExpC7));
        p = Vector.MultiplyAddEstimate(p, r, new Vector<double>(ExpC6));
        p = Vector.MultiplyAddEstimate(p, r, new Vector<double>(ExpC5));
        p = Vector.MultiplyAddEstimate(p, r, new Vector<double>(ExpC4));
        p = Vector.MultiplyAddEstimate(p, r, new Vector<double>(ExpC3));
        p = Vector.MultiplyAddEstimate(p, r, new Vector<double>(ExpC2));
        p = Vector.MultiplyAddEstimate(p, r, new Vector<double>(ExpC1));
        p = Vector.MultiplyAddEstimate(p, r, new Vector<double>(ExpC0));
        return Vector.MultiplyAddEstimate(p, r * r, r);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> ExpDouble(Vector128<double> x)
    {
        Vector128<double> xc = Vector128.MinNative(Vector128.Create(ExpMaxD), Vector128.MaxNative(Vector128.Create(ExpMinD), x));
        Vector128<double> t = Vector128.MultiplyAddEstimate(xc, Vector128.Create(ExpLog2ED), Vector128.Create(ExpRoundD));
        Vector128<double> p = ExpM1ReducedDouble(xc, t) + Vector128<double>.One;
        Vector128<long> ni = t.AsInt64() - Vector128.Create(ExpRoundD).AsInt64();
        Vector128<double> h = Vector128.MultiplyAddEstimate(t - Vector128.Create(ExpRoundD), Vector128.Create(0.5), Vector128.Create(ExpRoundD));
        Vector128<long> n1 = h.AsInt64() - Vector128.Create(ExpRoundD).AsInt64();
        Vector128<double> s1 = Vector128.ShiftLeft(n1 + Vector128.Create(1023L), 52).AsDouble();
        Vector128<double> s2 = Vector128.ShiftLeft(ni - n1 + Vector128.Create(1023L), 52).AsDouble();
        return p * s1 * s2;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> ExpDouble(Vector256<double> x)
    {
        Vector256<double> xc = Vector256.MinNative(Vector256.Create(ExpMaxD), Vector256.MaxNative(Vector256.Create(ExpMinD), x));
        Vector256<double> t = Vector256.MultiplyAddEstimate(xc, Vector256.Create(ExpLog2ED), Vector256.Create(ExpRoundD));
        Vector256<double> p = ExpM1ReducedDouble(xc, t) + Vector256<double>.One;
        Vector256<long> ni = t.AsInt64() - Vector256.Create(ExpRoundD).AsInt64();
        Vector256<double> h = Vector256.MultiplyAddEstimate(t - Vector256.Create(ExpRoundD), Vector256.Create(0.5), Vector256.Create(ExpRoundD));
        Vector256<long> n1 = h.AsInt64() - Vector256.Create(ExpRoundD).AsInt64();
        Vector256<double> s1 = Vector256.ShiftLeft(n1 + Vector256.Create(1023L), 52).AsDouble();
        Vector256<double> s2 = Vector256.ShiftLeft(ni - n1 + Vector256.Create(1023L), 52).AsDouble();
        return p * s1 * s2;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> ExpDouble(Vector<double> x)
    {
        Vector<double> xc = Vector.MinNative(new Vector<double>(ExpMaxD), Vector.MaxNative(new Vector<double>(ExpMinD), x));
        Vector<double> t = Vector.MultiplyAddEstimate(xc, new Vector<double>(ExpLog2ED), new Vector<double>(ExpRoundD));
        Vector<double> p = ExpM1ReducedDouble(xc, t) + Vector<double>.One;
        Vector<long> ni = Vector.AsVectorInt64(t) - Vector.AsVectorInt64(new Vector<double>(ExpRoundD));
        Vector<double> h = Vector.MultiplyAddEstimate(t - new Vector<double>(ExpRoundD), new Vector<double>(0.5), new Vector<double>(ExpRoundD));
        Vector<long> n1 = Vector.AsVectorInt64(h) - Vector.AsVectorInt64(new Vector<double>(ExpRoundD));
        Vector<double> s1 = Vector.AsVectorDouble(Vector.ShiftLeft(n1 + new Vector<long>(1023L), 52));
        Vector<double> s2 = Vector.AsVectorDouble(Vector.ShiftLeft(ni - n1 + new Vector<long>(1023L), 52));
        return p * s1 * s2;
    }

    // e^r − 1 for r = xc − n·ln 2, given t = xc·log2(e) + 1.5·2^23, as for double above.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> ExpM1ReducedSingle(Vector256<float> xc, Vector256<float> t)
    {
        Vector256<float> n = t - Vector256.Create(ExpRound);
        Vector256<float> r = Vector256.MultiplyAddEstimate(n, Vector256.Create(-ExpLn2Hi), xc);
        r = Vector256.MultiplyAddEstimate(n, Vector256.Create(-ExpLn2Lo), r);
        Vector256<float> p = Vector256.MultiplyAddEstimate(Vector256.Create(ExpP0), r, Vector256.Create(ExpP1));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(ExpP2));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(ExpP3));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(ExpP4));
        p = Vector256.MultiplyAddEstimate(p, r, Vector256.Create(ExpP5));
        return Vector256.MultiplyAddEstimate(p, r * r, r);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> ExpM1ReducedSingle(Vector128<float> xc, Vector128<float> t)
    {
        Vector128<float> n = t - Vector128.Create(ExpRound);
        Vector128<float> r = Vector128.MultiplyAddEstimate(n, Vector128.Create(-ExpLn2Hi), xc);
        r = Vector128.MultiplyAddEstimate(n, Vector128.Create(-ExpLn2Lo), r);
        Vector128<float> p = Vector128.MultiplyAddEstimate(Vector128.Create(ExpP0), r, Vector128.Create(ExpP1));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(ExpP2));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(ExpP3));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(ExpP4));
        p = Vector128.MultiplyAddEstimate(p, r, Vector128.Create(ExpP5));
        return Vector128.MultiplyAddEstimate(p, r * r, r);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> ExpM1ReducedSingle(Vector<float> xc, Vector<float> t)
    {
        Vector<float> n = t - new Vector<float>(ExpRound);
        Vector<float> r = Vector.MultiplyAddEstimate(n, new Vector<float>(-ExpLn2Hi), xc);
        r = Vector.MultiplyAddEstimate(n, new Vector<float>(-ExpLn2Lo), r);
        Vector<float> p = Vector.MultiplyAddEstimate(new Vector<float>(ExpP0), r, new Vector<float>(ExpP1));
        p = Vector.MultiplyAddEstimate(p, r, new Vector<float>(ExpP2));
        p = Vector.MultiplyAddEstimate(p, r, new Vector<float>(ExpP3));
        p = Vector.MultiplyAddEstimate(p, r, new Vector<float>(ExpP4));
        p = Vector.MultiplyAddEstimate(p, r, new Vector<float>(ExpP5));
        return Vector.MultiplyAddEstimate(p, r * r, r);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> ExpSingle(Vector256<float> x)
    {
        Vector256<float> xc = Vector256.MinNative(Vector256.Create(ExpMax), Vector256.MaxNative(Vector256.Create(ExpMin), x));
        Vector256<float> t = Vector256.MultiplyAddEstimate(xc, Vector256.Create(ExpLog2E), Vector256.Create(ExpRound));
        Vector256<float> p = ExpM1ReducedSingle(xc, t) + Vector256<float>.One;
        Vector256<int> ni = t.AsInt32() - Vector256.Create(ExpRound).AsInt32();
        Vector256<int> n1 = Vector256.ShiftRightArithmetic(ni, 1);
        Vector256<float> s1 = Vector256.ShiftLeft(n1 + Vector256.Create(127), 23).AsSingle();
        Vector256<float> s2 = Vector256.ShiftLeft(ni - n1 + Vector256.Create(127), 23).AsSingle();
        return p * s1 * s2;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> ExpSingle(Vector128<float> x)
    {
        Vector128<float> xc = Vector128.MinNative(Vector128.Create(ExpMax), Vector128.MaxNative(Vector128.Create(ExpMin), x));
        Vector128<float> t = Vector128.MultiplyAddEstimate(xc, Vector128.Create(ExpLog2E), Vector128.Create(ExpRound));
        Vector128<float> p = ExpM1ReducedSingle(xc, t) + Vector128<float>.One;
        Vector128<int> ni = t.AsInt32() - Vector128.Create(ExpRound).AsInt32();
        Vector128<int> n1 = Vector128.ShiftRightArithmetic(ni, 1);
        Vector128<float> s1 = Vector128.ShiftLeft(n1 + Vector128.Create(127), 23).AsSingle();
        Vector128<float> s2 = Vector128.ShiftLeft(ni - n1 + Vector128.Create(127), 23).AsSingle();
        return p * s1 * s2;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> ExpSingle(Vector<float> x)
    {
        Vector<float> xc = Vector.MinNative(new Vector<float>(ExpMax), Vector.MaxNative(new Vector<float>(ExpMin), x));
        Vector<float> t = Vector.MultiplyAddEstimate(xc, new Vector<float>(ExpLog2E), new Vector<float>(ExpRound));
        Vector<float> p = ExpM1ReducedSingle(xc, t) + Vector<float>.One;
        Vector<int> ni = Vector.AsVectorInt32(t) - Vector.AsVectorInt32(new Vector<float>(ExpRound));
        Vector<int> n1 = Vector.ShiftRightArithmetic(ni, 1);
        Vector<float> s1 = Vector.AsVectorSingle(Vector.ShiftLeft(n1 + new Vector<int>(127), 23));
        Vector<float> s2 = Vector.AsVectorSingle(Vector.ShiftLeft(ni - n1 + new Vector<int>(127), 23));
        return p * s1 * s2;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Tanh<T>(Vector128<T> x)
    {
        if (typeof(T) == typeof(float)) return Tanh(x.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Tanh(x.AsDouble()).As<double, T>();
        throw new System.NotSupportedException();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Tanh<T>(Vector256<T> x)
    {
        if (typeof(T) == typeof(float)) return Tanh(x.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double)) return Tanh(x.AsDouble()).As<double, T>();
        throw new System.NotSupportedException();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Tanh<T>(Vector<T> x)
    {
        if (typeof(T) == typeof(float)) return Tanh(x.As<T, float>()).As<float, T>();
        if (typeof(T) == typeof(double)) return Tanh(x.As<T, double>()).As<double, T>();
        throw new System.NotSupportedException();
    }

    // ---- float: m/(m + 2), m = e^(2|x|) − 1 (see the remarks) ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Tanh(Vector128<float> x)
    {
        Vector128<float> xc = Vector128.MinNative(Vector128.Create(TanhClamp), Vector128.Abs(x) * Vector128.Create(2f));
        Vector128<float> t = Vector128.MultiplyAddEstimate(xc, Vector128.Create(ExpLog2E), Vector128.Create(ExpRound));
        Vector128<float> em1r = ExpM1ReducedSingle(xc, t);
        Vector128<float> s = Vector128.ShiftLeft(t.AsInt32() - Vector128.Create(ExpRound).AsInt32() + Vector128.Create(127), 23).AsSingle();
        Vector128<float> em1 = Vector128.MultiplyAddEstimate(s, em1r, s - Vector128<float>.One);
        return Vector128.CopySign(em1 / (em1 + Vector128.Create(2f)), x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Tanh(Vector256<float> x)
    {
        Vector256<float> xc = Vector256.MinNative(Vector256.Create(TanhClamp), Vector256.Abs(x) * Vector256.Create(2f));
        Vector256<float> t = Vector256.MultiplyAddEstimate(xc, Vector256.Create(ExpLog2E), Vector256.Create(ExpRound));
        Vector256<float> em1r = ExpM1ReducedSingle(xc, t);
        Vector256<float> s = Vector256.ShiftLeft(t.AsInt32() - Vector256.Create(ExpRound).AsInt32() + Vector256.Create(127), 23).AsSingle();
        Vector256<float> em1 = Vector256.MultiplyAddEstimate(s, em1r, s - Vector256<float>.One);
        return Vector256.CopySign(em1 / (em1 + Vector256.Create(2f)), x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Tanh(Vector<float> x)
    {
        Vector<float> xc = Vector.MinNative(new Vector<float>(TanhClamp), Vector.Abs(x) * new Vector<float>(2f));
        Vector<float> t = Vector.MultiplyAddEstimate(xc, new Vector<float>(ExpLog2E), new Vector<float>(ExpRound));
        Vector<float> em1r = ExpM1ReducedSingle(xc, t);
        Vector<float> s = Vector.AsVectorSingle(Vector.ShiftLeft(Vector.AsVectorInt32(t) - Vector.AsVectorInt32(new Vector<float>(ExpRound)) + new Vector<int>(127), 23));
        Vector<float> em1 = Vector.MultiplyAddEstimate(s, em1r, s - Vector<float>.One);
        return Vector.CopySign(em1 / (em1 + new Vector<float>(2f)), x);
    }

    // ---- double: m/(m + 2), m = e^(2|x|) − 1, the polynomial of ExpDouble (see the remarks) ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<double> Tanh(Vector128<double> x)
    {
        Vector128<double> xc = Vector128.MinNative(Vector128.Create(TanhClampD), Vector128.Abs(x) * Vector128.Create(2.0));
        Vector128<double> t = Vector128.MultiplyAddEstimate(xc, Vector128.Create(ExpLog2ED), Vector128.Create(ExpRoundD));
        Vector128<double> em1r = ExpM1ReducedDouble(xc, t);
        Vector128<double> s = Vector128.ShiftLeft(t.AsInt64() - Vector128.Create(ExpRoundD).AsInt64() + Vector128.Create(1023L), 52).AsDouble();
        Vector128<double> em1 = Vector128.MultiplyAddEstimate(s, em1r, s - Vector128<double>.One);
        return Vector128.CopySign(em1 / (em1 + Vector128.Create(2.0)), x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Tanh(Vector256<double> x)
    {
        Vector256<double> xc = Vector256.MinNative(Vector256.Create(TanhClampD), Vector256.Abs(x) * Vector256.Create(2.0));
        Vector256<double> t = Vector256.MultiplyAddEstimate(xc, Vector256.Create(ExpLog2ED), Vector256.Create(ExpRoundD));
        Vector256<double> em1r = ExpM1ReducedDouble(xc, t);
        Vector256<double> s = Vector256.ShiftLeft(t.AsInt64() - Vector256.Create(ExpRoundD).AsInt64() + Vector256.Create(1023L), 52).AsDouble();
        Vector256<double> em1 = Vector256.MultiplyAddEstimate(s, em1r, s - Vector256<double>.One);
        return Vector256.CopySign(em1 / (em1 + Vector256.Create(2.0)), x);
    }


    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> Tanh(Vector<double> x)
    {
        Vector<double> xc = Vector.MinNative(new Vector<double>(TanhClampD), Vector.Abs(x) * new Vector<double>(2.0));
        Vector<double> t = Vector.MultiplyAddEstimate(xc, new Vector<double>(ExpLog2ED), new Vector<double>(ExpRoundD));
        Vector<double> em1r = ExpM1ReducedDouble(xc, t);
        Vector<double> s = Vector.AsVectorDouble(Vector.ShiftLeft(Vector.AsVectorInt64(t) - Vector.AsVectorInt64(new Vector<double>(ExpRoundD)) + new Vector<long>(1023L), 52));
        Vector<double> em1 = Vector.MultiplyAddEstimate(s, em1r, s - Vector<double>.One);
        return Vector.CopySign(em1 / (em1 + new Vector<double>(2.0)), x);
    }
}
