using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Kernels.Testing;

/// <summary>One element of a comparison: where it is, both values, their distance, and the allowance it had.</summary>
/// <param name="Index">The element's index in the compared spans.</param>
/// <param name="Expected">The expected (reference) value, widened to double.</param>
/// <param name="Actual">The value under test, widened to double.</param>
/// <param name="Ulps">ULP distance between them, in the element type.</param>
/// <param name="Error">|Actual − Expected| (∞ when one is NaN and the other is not).</param>
/// <param name="Bound">The allowed error for this element (in ULPs for ULP comparisons, absolute otherwise; 0 for exact).</param>
/// <param name="Ratio">How much of the allowance the element used: error / bound (ULPs / max ULPs for ULP comparisons);
/// above 1 fails. ∞ for a failing exact comparison, a NaN or ∞ mismatch, or a zero bound with a nonzero error.</param>
public readonly record struct ElementDifference(int Index, double Expected, double Actual, long Ulps, double Error, double Bound, double Ratio)
{
    // Set for float comparisons, so the values print in float's shortest round-trip form (0.1, not 0.10000000149011612).
    internal bool IsSingle { get; init; }

    /// <summary>
    /// A one-line description, e.g. <c>[17] expected 0.25 actual 0.25000003 (1 ulp, error 2.98e-08, bound 5.96e-08, ratio 0.5)</c>;
    /// a NaN against a number shows <c>∞ ulp</c>.
    /// </summary>
    /// <returns>The description.</returns>
    public override string ToString() => string.Create(Report.Numbers,
        $"[{Index}] expected {Format(Expected)} actual {Format(Actual)} ({(Ulps == long.MaxValue ? "∞" : Ulps.ToString(Report.Numbers))} ulp, error {Error:G3}, bound {Bound:G3}, ratio {Ratio:G3})");

    private string Format(double x) => IsSingle ? ((float)x).ToString("R", Report.Numbers) : x.ToString("R", Report.Numbers);
}

/// <summary>How reports write numbers: invariant culture, with ∞ for infinity.</summary>
internal static class Report
{
    public static readonly NumberFormatInfo Numbers = MakeNumbers();

    private static NumberFormatInfo MakeNumbers()
    {
        var f = (NumberFormatInfo)CultureInfo.InvariantCulture.NumberFormat.Clone();
        f.PositiveInfinitySymbol = "∞";
        f.NegativeInfinitySymbol = "-∞";
        return NumberFormatInfo.ReadOnly(f);
    }
}

/// <summary>
/// The outcome of comparing two spans: whether every element was within its allowance, the worst element, the
/// maximum ULP distance and a histogram of ULP distances.
/// </summary>
public sealed class ComparisonResult
{
    private readonly long[] _histogram;

    internal ComparisonResult(string kind, int count, int failures, ElementDifference? worst, long maxUlps, long[] histogram)
    {
        Kind = kind;
        Count = count;
        Failures = failures;
        Worst = worst;
        MaxUlps = maxUlps;
        _histogram = histogram;
        UlpHistogram = Array.AsReadOnly(histogram);
    }

    /// <summary>What was compared and with which allowance, e.g. <c>exact</c>, <c>≤ 4 ulp</c>, <c>γ_k·G, k = 130</c>.</summary>
    public string Kind { get; }

    /// <summary>Number of elements compared.</summary>
    public int Count { get; }

    /// <summary>Number of elements beyond their allowance.</summary>
    public int Failures { get; }

    /// <summary>True when every element was within its allowance.</summary>
    public bool Passed => Failures == 0;

    /// <summary>
    /// The element to look at: the failing one that used the largest share of its allowance (then the one with the most
    /// ULPs, then the first); when none failed, the one that came closest to its allowance. Null when nothing was compared.
    /// </summary>
    public ElementDifference? Worst { get; }

    /// <summary>The largest ULP distance over all elements (<see cref="long.MaxValue"/> if a NaN met a number).</summary>
    public long MaxUlps { get; }

    /// <summary>
    /// How many elements fell at each ULP distance: index 0 counts exact matches, index d (1 ≤ d ≤ 15) distance d,
    /// index 16 distances 16..255, index 17 distances 256 and more (NaN mismatches included).
    /// </summary>
    public IReadOnlyList<long> UlpHistogram { get; }

    /// <summary>Throws <see cref="ComparisonException"/> with <see cref="ToString"/> as its message unless the comparison passed.</summary>
    /// <param name="context">Optional words placed in front of the report, e.g. the kernel, the path and the shape.</param>
    /// <returns>This result, for chaining.</returns>
    /// <exception cref="ComparisonException">Some element exceeded its allowance.</exception>
    public ComparisonResult ThrowIfFailed(string? context = null)
    {
        if (!Passed)
            throw new ComparisonException(context is null ? ToString() : context + ": " + ToString(), this);
        return this;
    }

    /// <summary>A report naming the comparison, the failure count, the worst element and the ULP histogram.</summary>
    /// <returns>The report, one line, e.g.
    /// <c>FAILED (≤ 4 ulp): 1 of 100 elements beyond the allowance; worst [17] expected 0.25 actual 0.25000048 (8 ulp, error 4.77e-07, bound 4, ratio 2); max 8 ulp; histogram 0:97 1:2 8:1</c>.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(Report.Numbers, $"{(Passed ? "passed" : "FAILED")} ({Kind}): {Failures} of {Count} elements beyond the allowance");
        if (Worst is { } w)
            sb.Append("; worst ").Append(w.ToString());
        sb.Append(Report.Numbers, $"; max {(MaxUlps == long.MaxValue ? "∞" : MaxUlps.ToString(Report.Numbers))} ulp; histogram");
        for (int d = 0; d < _histogram.Length; d++)
            if (_histogram[d] != 0)
                sb.Append(' ').Append(BucketName(d)).Append(':').Append(_histogram[d].ToString(CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    internal const int Buckets = 18;

    internal static int Bucket(long ulps) => ulps < 16 ? (int)ulps : ulps < 256 ? 16 : 17;

    private static string BucketName(int d) => d < 16 ? d.ToString(CultureInfo.InvariantCulture) : d == 16 ? "16-255" : "256+";
}

/// <summary>Thrown by <see cref="ComparisonResult.ThrowIfFailed"/>: a plain exception any test framework reports as a failure.</summary>
public sealed class ComparisonException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The report.</param>
    /// <param name="result">The comparison that failed.</param>
    public ComparisonException(string message, ComparisonResult result) : base(message) => Result = result;

    /// <summary>The comparison that failed.</summary>
    public ComparisonResult Result { get; }
}
