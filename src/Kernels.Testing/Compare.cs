using System;

namespace Kernels.Testing;

/// <summary>
/// Compares a computed span with an expected one under a stated allowance: exactly, within a number of ULPs, within a
/// per-element absolute bound, or within the inner-product bound γ_k·G. Every method returns a
/// <see cref="ComparisonResult"/> naming the worst element; call <see cref="ComparisonResult.ThrowIfFailed"/> to fail a test.
/// </summary>
/// <remarks>
/// <para>
/// NaN is treated as a value: NaN matches NaN (any sign or payload) and nothing else, in every comparison. An infinity
/// matches only the same infinity, whatever the allowance (so the largest finite value does not pass for ∞, although
/// the two are 1 ULP apart). An element equal to its expected value always passes.
/// </para>
/// <para>
/// The worst element is the failing one with the largest share of its allowance, then the largest ULP distance (the
/// first on ties); when nothing failed, the passing one that came closest to its allowance.
/// </para>
/// </remarks>
public static class Compare
{
    /// <summary>
    /// Bitwise equality, except that all NaNs are equal (whatever their payloads) and, optionally, +0 equals −0.
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="expected">The reference values.</param>
    /// <param name="actual">The values under test.</param>
    /// <param name="zeroSignsEqual">When true, +0 and −0 compare equal.</param>
    /// <returns>The comparison; an element differing only in the sign of zero counts as 1 ULP in the histogram, so
    /// bucket 0 counts exactly the elements that matched.</returns>
    /// <remarks>
    /// NaN payloads are deliberately ignored: IEEE 754 does not say which operand's payload an operation propagates, and
    /// scalar and SIMD instruction sequences (or x64 and ARM64, whose default NaNs differ in sign) legitimately disagree.
    /// </remarks>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static ComparisonResult Exact<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, bool zeroSignsEqual = false) where T : unmanaged
    {
        SameLength(expected, actual);
        var t = new Tally(IsSingle<T>());
        for (int i = 0; i < expected.Length; i++)
        {
            double e = Numbers.ToDouble(expected[i]), a = Numbers.ToDouble(actual[i]);
            long ulps = Ulp.Distance(expected[i], actual[i]);
            bool same = double.IsNaN(e) ? double.IsNaN(a)
                      : e == a && (zeroSignsEqual || double.IsNegative(e) == double.IsNegative(a));
            if (!same && ulps == 0) ulps = 1; // +0 against −0 when signs matter
            t.Add(i, e, a, ulps, AbsError(e, a), 0, same ? 0 : double.PositiveInfinity, failed: !same);
        }
        return t.Result(zeroSignsEqual ? "exact, ±0 equal" : "exact", expected.Length);
    }

    /// <summary>Every element within <paramref name="maxUlps"/> ULPs of the expected one (see <see cref="Ulp.Distance(double, double)"/>).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="expected">The reference values.</param>
    /// <param name="actual">The values under test.</param>
    /// <param name="maxUlps">The allowance, at least 0.</param>
    /// <returns>The comparison; the worst element is the one with the most ULPs; its bound is <paramref name="maxUlps"/>
    /// and its ratio ULPs / <paramref name="maxUlps"/>.</returns>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxUlps"/> is negative.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static ComparisonResult WithinUlps<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, long maxUlps) where T : unmanaged
    {
        SameLength(expected, actual);
        ArgumentOutOfRangeException.ThrowIfNegative(maxUlps);
        var t = new Tally(IsSingle<T>());
        for (int i = 0; i < expected.Length; i++)
        {
            double e = Numbers.ToDouble(expected[i]), a = Numbers.ToDouble(actual[i]);
            long ulps = Ulp.Distance(expected[i], actual[i]);
            bool mismatch = SpecialMismatch(e, a);
            double ratio = ulps == 0 ? 0
                         : mismatch || maxUlps == 0 || ulps == long.MaxValue ? double.PositiveInfinity
                         : (double)ulps / maxUlps;
            t.Add(i, e, a, ulps, AbsError(e, a), maxUlps, ratio, failed: mismatch || ulps > maxUlps);
        }
        return t.Result($"≤ {maxUlps} ulp", expected.Length);
    }

    /// <summary>Every element within its own absolute bound: |actual[i] − expected[i]| ≤ bound[i].</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="expected">The reference values.</param>
    /// <param name="actual">The values under test.</param>
    /// <param name="bound">The allowance per element, same length. A NaN or negative bound admits only an exact match;
    /// an infinite one admits any finite value (but never a NaN or an infinity for a finite expected value).</param>
    /// <param name="kind">Words naming the bound in the report.</param>
    /// <returns>The comparison; the worst element is the one with the largest error/bound ratio.</returns>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static ComparisonResult WithinBound<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, ReadOnlySpan<double> bound, string kind = "absolute bound")
        where T : unmanaged
    {
        SameLength(expected, actual);
        if (bound.Length != expected.Length)
            throw new ArgumentException($"'bound' has {bound.Length} elements but the compared spans have {expected.Length}.", nameof(bound));
        var t = new Tally(IsSingle<T>());
        for (int i = 0; i < expected.Length; i++)
        {
            double e = Numbers.ToDouble(expected[i]), a = Numbers.ToDouble(actual[i]);
            t.AddBounded(i, e, a, Ulp.Distance(expected[i], actual[i]), bound[i]);
        }
        return t.Result(kind, expected.Length);
    }

    /// <summary>
    /// The inner-product bound with <paramref name="expected"/> taken as the true result y:
    /// |actual[i] − expected[i]| ≤ γ_k·gauge[i], γ_k = k·u/(1 − k·u) with u the unit roundoff of <typeparamref name="T"/>.
    /// For a GEMM, k is the inner dimension plus 2 (the α and β steps) and the gauge is
    /// <see cref="ErrorBounds.GemmGauge{T}"/>; for a dot product of length n, k = n and gauge = Σ|x_i·y_i|.
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="expected">The reference values, taken as exact. A reference that is the exact result rounded to
    /// <typeparamref name="T"/> is itself up to u·G off: pass k + 1. A reference computed in <typeparamref name="T"/> under the
    /// same bound is up to γ_k·G off: pass 2k. A reference in double: use the other overload, which allows for its rounding.</param>
    /// <param name="actual">The values under test.</param>
    /// <param name="k">The number of rounded operations each element went through.</param>
    /// <param name="gauge">G per element (at least |y|, as a gauge must be).</param>
    /// <returns>The comparison; the worst element is the one with the largest error/bound ratio.</returns>
    /// <remarks>
    /// γ_k and each product γ_k·G are rounded upwards, so an element exactly at the bound passes and the check is never
    /// stricter than the theorem. With <typeparamref name="T"/> = double and a double[] reference, C# picks the other
    /// overload (its first parameter is the more specific <c>ReadOnlySpan&lt;double&gt;</c>); name the argument
    /// (<c>expected:</c>) to call this one.
    /// </remarks>
    /// <exception cref="ArgumentException">The spans or the gauge differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is negative or k·u ≥ 1.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static ComparisonResult InnerProductBound<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, int k, ReadOnlySpan<double> gauge)
        where T : unmanaged
    {
        SameLength(expected, actual);
        double g = ErrorBounds.Gamma<T>(k);
        double[] bound = new double[gauge.Length];
        for (int i = 0; i < bound.Length; i++) bound[i] = ProductRoundedUp(g, gauge[i]);
        return WithinBound(expected, actual, bound, $"γ_k·G, k = {k}");
    }

    /// <summary>
    /// The inner-product bound against a reference computed in double (for instance by <see cref="GemmOracle"/>, or by a
    /// plain loop in double): |actual[i] − exact[i]| ≤ (γ_k(T) + γ_(k+1)(double))·gauge[i]. The second term covers the
    /// reference's own error and the rounding of the gauge, so the check is rigorous for double too.
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="exact">The reference values, in double, within γ_k(double)·G of the true result.</param>
    /// <param name="actual">The values under test.</param>
    /// <param name="k">The number of rounded operations each element went through (inner dimension + 2 for a GEMM).</param>
    /// <param name="gauge">G per element.</param>
    /// <returns>The comparison; the worst element is the one with the largest error/bound ratio. ULPs are counted between
    /// the reference rounded to <typeparamref name="T"/> and the actual value.</returns>
    /// <exception cref="ArgumentException">The spans or the gauge differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is negative or k·u ≥ 1.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static ComparisonResult InnerProductBound<T>(ReadOnlySpan<double> exact, ReadOnlySpan<T> actual, int k, ReadOnlySpan<double> gauge)
        where T : unmanaged
    {
        if (exact.Length != actual.Length)
            throw new ArgumentException($"'actual' has {actual.Length} elements but 'exact' has {exact.Length}.", nameof(actual));
        if (gauge.Length != exact.Length)
            throw new ArgumentException($"'gauge' has {gauge.Length} elements but the compared spans have {exact.Length}.", nameof(gauge));
        double g = ErrorBounds.Gamma<T>(k) + ErrorBounds.Gamma<double>(k + 1);
        var t = new Tally(IsSingle<T>());
        for (int i = 0; i < exact.Length; i++)
        {
            double e = exact[i], a = Numbers.ToDouble(actual[i]);
            t.AddBounded(i, e, a, Ulp.Distance(Numbers.FromDouble<T>(e), actual[i]), ProductRoundedUp(g, gauge[i]));
        }
        return t.Result($"(γ_k + γ_(k+1)(double))·G, k = {k}", exact.Length);
    }

    // x·y rounded towards +∞ (for x ≥ 0): the rounded product, raised by one step when it fell below the exact one.
    private static double ProductRoundedUp(double x, double y)
    {
        double p = x * y;
        return Math.FusedMultiplyAdd(x, y, -p) > 0 ? Math.BitIncrement(p) : p;
    }

    private static double AbsError(double e, double a)
    {
        if (double.IsNaN(e) || double.IsNaN(a)) return double.IsNaN(e) && double.IsNaN(a) ? 0 : double.PositiveInfinity;
        if (e == a) return 0; // also equal infinities
        return Math.Abs(a - e);
    }

    // A NaN against a non-NaN, or an infinity against anything else: fails whatever the allowance.
    private static bool SpecialMismatch(double e, double a)
    {
        if (double.IsNaN(e) || double.IsNaN(a)) return double.IsNaN(e) != double.IsNaN(a);
        return (double.IsInfinity(e) || double.IsInfinity(a)) && e != a;
    }

    private static bool IsSingle<T>() => typeof(T) == typeof(float);

    private static void SameLength<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual)
    {
        if (expected.Length != actual.Length)
            throw new ArgumentException($"'actual' has {actual.Length} elements but 'expected' has {expected.Length}.", nameof(actual));
    }

    // Failures, maximum ULPs, the histogram and the worst element, accumulated element by element.
    private struct Tally(bool single)
    {
        private readonly long[] _histogram = new long[ComparisonResult.Buckets];
        private int _failures;
        private long _maxUlps;
        private ElementDifference? _worst;
        private bool _worstFailed;

        // An element under an absolute bound: exact matches pass, special mismatches fail, otherwise error ≤ bound.
        public void AddBounded(int index, double e, double a, long ulps, double bound)
        {
            double err = AbsError(e, a);
            bool mismatch = SpecialMismatch(e, a);
            bool failed = err != 0 && (mismatch || !(err <= bound));
            double ratio = err == 0 ? 0 : mismatch || !(bound > 0) ? double.PositiveInfinity : err / bound;
            Add(index, e, a, ulps, err, bound, ratio, failed);
        }

        public void Add(int index, double e, double a, long ulps, double error, double bound, double ratio, bool failed)
        {
            _histogram[ComparisonResult.Bucket(ulps)]++;
            _maxUlps = Math.Max(_maxUlps, ulps);
            if (failed) _failures++;
            if (_worst is not { } w
                || (failed && !_worstFailed)
                || (failed == _worstFailed && (ratio > w.Ratio || (ratio == w.Ratio && ulps > w.Ulps))))
            {
                _worst = new ElementDifference(index, e, a, ulps, error, bound, ratio) { IsSingle = single };
                _worstFailed = failed;
            }
        }

        public readonly ComparisonResult Result(string kind, int count) =>
            new(kind, count, _failures, _worst, _maxUlps, _histogram);
    }
}
