using System;

namespace Kernels.Testing;

/// <summary>
/// Compares a computed span with an expected one under a stated allowance: exactly, within a number of ULPs, within a
/// per-element absolute bound, or within the inner-product bound γ_k·G. Every method returns a
/// <see cref="ComparisonResult"/> naming the worst element; call <see cref="ComparisonResult.ThrowIfFailed"/> to fail a test.
/// </summary>
/// <remarks>
/// NaN is treated as a value: NaN matches NaN (any payload) and nothing else, in every comparison. Infinities must match
/// exactly. Spans of different lengths throw <see cref="ArgumentException"/>.
/// </remarks>
public static class Compare
{
    /// <summary>Bitwise equality, except that all NaNs are equal and, optionally, +0 equals −0.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="expected">The reference values.</param>
    /// <param name="actual">The values under test.</param>
    /// <param name="zeroSignsEqual">When true, +0 and −0 compare equal.</param>
    /// <returns>The comparison.</returns>
    public static ComparisonResult Exact<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, bool zeroSignsEqual = false) where T : unmanaged
    {
        SameLength(expected, actual);
        var h = new long[ComparisonResult.Buckets];
        int failures = 0;
        long maxUlps = 0;
        ElementDifference? worst = null;
        for (int i = 0; i < expected.Length; i++)
        {
            double e = Numbers.ToDouble(expected[i]), a = Numbers.ToDouble(actual[i]);
            long ulps = Ulp.Distance(expected[i], actual[i]);
            bool same = double.IsNaN(e) ? double.IsNaN(a)
                      : e == a && (zeroSignsEqual || double.IsNegative(e) == double.IsNegative(a));
            if (!same && ulps == 0) ulps = 1; // +0 vs -0 when signs matter
            h[ComparisonResult.Bucket(ulps)]++;
            maxUlps = Math.Max(maxUlps, ulps);
            if (!same)
            {
                failures++;
                worst ??= new ElementDifference(i, e, a, ulps, AbsError(e, a), 0, double.PositiveInfinity);
            }
        }
        worst ??= expected.Length > 0 ? new ElementDifference(0, Numbers.ToDouble(expected[0]), Numbers.ToDouble(actual[0]), 0, 0, 0, 0) : null;
        return new ComparisonResult(zeroSignsEqual ? "exact, ±0 equal" : "exact", expected.Length, failures, worst, maxUlps, h);
    }

    /// <summary>Every element within <paramref name="maxUlps"/> ULPs of the expected one.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="expected">The reference values.</param>
    /// <param name="actual">The values under test.</param>
    /// <param name="maxUlps">The allowance, at least 0.</param>
    /// <returns>The comparison; the worst element is the one with the most ULPs.</returns>
    public static ComparisonResult WithinUlps<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, long maxUlps) where T : unmanaged
    {
        SameLength(expected, actual);
        ArgumentOutOfRangeException.ThrowIfNegative(maxUlps);
        var h = new long[ComparisonResult.Buckets];
        int failures = 0;
        long max = 0;
        ElementDifference? worst = null;
        for (int i = 0; i < expected.Length; i++)
        {
            long ulps = Ulp.Distance(expected[i], actual[i]);
            h[ComparisonResult.Bucket(ulps)]++;
            bool fail = ulps > maxUlps;
            if (fail) failures++;
            double ratio = maxUlps == 0 ? (ulps == 0 ? 0 : double.PositiveInfinity) : (double)ulps / maxUlps;
            if (worst is null || ratio > worst.Value.Ratio)
            {
                double e = Numbers.ToDouble(expected[i]), a = Numbers.ToDouble(actual[i]);
                worst = new ElementDifference(i, e, a, ulps, AbsError(e, a), maxUlps, ratio);
            }
            max = Math.Max(max, ulps);
        }
        return new ComparisonResult($"≤ {maxUlps} ulp", expected.Length, failures, worst, max, h);
    }

    /// <summary>Every element within its own absolute bound: |actual[i] − expected[i]| ≤ bound[i].</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="expected">The reference values.</param>
    /// <param name="actual">The values under test.</param>
    /// <param name="bound">The allowance per element, same length.</param>
    /// <param name="kind">Words naming the bound in the report.</param>
    /// <returns>The comparison; the worst element is the one with the largest error/bound ratio.</returns>
    public static ComparisonResult WithinBound<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, ReadOnlySpan<double> bound, string kind = "absolute bound")
        where T : unmanaged
    {
        SameLength(expected, actual);
        if (bound.Length != expected.Length)
            throw new ArgumentException($"'bound' has {bound.Length} elements but the compared spans have {expected.Length}.", nameof(bound));
        var h = new long[ComparisonResult.Buckets];
        int failures = 0;
        long maxUlps = 0;
        ElementDifference? worst = null;
        for (int i = 0; i < expected.Length; i++)
        {
            double e = Numbers.ToDouble(expected[i]), a = Numbers.ToDouble(actual[i]);
            long ulps = Ulp.Distance(expected[i], actual[i]);
            h[ComparisonResult.Bucket(ulps)]++;
            maxUlps = Math.Max(maxUlps, ulps);
            double err = AbsError(e, a);
            double ratio = err == 0 ? 0 : bound[i] > 0 ? err / bound[i] : double.PositiveInfinity;
            if (ratio > 1) failures++;
            if (worst is null || ratio > worst.Value.Ratio)
                worst = new ElementDifference(i, e, a, ulps, err, bound[i], ratio);
        }
        return new ComparisonResult(kind, expected.Length, failures, worst, maxUlps, h);
    }

    /// <summary>
    /// The inner-product bound: |actual[i] − expected[i]| ≤ γ_k·gauge[i], γ_k = k·u/(1 − k·u) with u the unit roundoff of
    /// <typeparamref name="T"/>. For a GEMM, k is the inner dimension plus 2 (the α and β steps) and the gauge is
    /// <see cref="ErrorBounds.GemmGauge{T}"/>; for a dot product of length n, k = n and gauge = Σ|x_i·y_i|.
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="expected">The reference values, ideally computed more accurately than <typeparamref name="T"/> (in double, say); a
    /// reference computed in <typeparamref name="T"/> with the same bound needs twice the allowance (pass 2k).</param>
    /// <param name="actual">The values under test.</param>
    /// <param name="k">The number of rounded operations each element went through.</param>
    /// <param name="gauge">G per element.</param>
    /// <returns>The comparison; the worst element is the one with the largest error/bound ratio.</returns>
    public static ComparisonResult InnerProductBound<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, int k, ReadOnlySpan<double> gauge)
        where T : unmanaged
    {
        double g = ErrorBounds.Gamma<T>(k);
        double[] bound = new double[gauge.Length];
        for (int i = 0; i < bound.Length; i++) bound[i] = g * gauge[i];
        return WithinBound(expected, actual, bound, $"γ_k·G, k = {k}");
    }

    /// <summary>
    /// The inner-product bound against a reference computed more accurately than <typeparamref name="T"/> (for instance
    /// <see cref="GemmOracle"/>): |actual[i] − exact[i]| ≤ (γ_k(T) + γ_(k+1)(double))·gauge[i]. The second term covers the
    /// reference's own rounding to double, so the check is rigorous for double too.
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="exact">The reference values, in double.</param>
    /// <param name="actual">The values under test.</param>
    /// <param name="k">The number of rounded operations each element went through (inner dimension + 2 for a GEMM).</param>
    /// <param name="gauge">G per element.</param>
    /// <returns>The comparison; the worst element is the one with the largest error/bound ratio.</returns>
    public static ComparisonResult InnerProductBound<T>(ReadOnlySpan<double> exact, ReadOnlySpan<T> actual, int k, ReadOnlySpan<double> gauge)
        where T : unmanaged
    {
        if (exact.Length != actual.Length)
            throw new ArgumentException($"'actual' has {actual.Length} elements but 'exact' has {exact.Length}.", nameof(actual));
        if (gauge.Length != exact.Length)
            throw new ArgumentException($"'gauge' has {gauge.Length} elements but the compared spans have {exact.Length}.", nameof(gauge));
        double g = ErrorBounds.Gamma<T>(k) + ErrorBounds.Gamma<double>(k + 1);
        var h = new long[ComparisonResult.Buckets];
        int failures = 0;
        long maxUlps = 0;
        ElementDifference? worst = null;
        for (int i = 0; i < exact.Length; i++)
        {
            double e = exact[i], a = Numbers.ToDouble(actual[i]);
            long ulps = Ulp.Distance(Numbers.FromDouble<T>(e), actual[i]);
            h[ComparisonResult.Bucket(ulps)]++;
            maxUlps = Math.Max(maxUlps, ulps);
            double err = AbsError(e, a), bound = g * gauge[i];
            double ratio = err == 0 ? 0 : bound > 0 ? err / bound : double.PositiveInfinity;
            if (ratio > 1) failures++;
            if (worst is null || ratio > worst.Value.Ratio)
                worst = new ElementDifference(i, e, a, ulps, err, bound, ratio);
        }
        return new ComparisonResult($"(γ_k + γ_(k+1)(double))·G, k = {k}", exact.Length, failures, worst, maxUlps, h);
    }

    private static double AbsError(double e, double a)
    {
        if (double.IsNaN(e) || double.IsNaN(a)) return double.IsNaN(e) && double.IsNaN(a) ? 0 : double.PositiveInfinity;
        if (e == a) return 0; // also equal infinities
        return Math.Abs(a - e);
    }

    private static void SameLength<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual)
    {
        if (expected.Length != actual.Length)
            throw new ArgumentException($"'actual' has {actual.Length} elements but 'expected' has {expected.Length}.", nameof(actual));
    }
}
