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
/// <param name="Ratio">How much of the allowance the element used: error / bound (ULPs / max ULPs for ULP comparisons); above 1 fails.</param>
public readonly record struct ElementDifference(int Index, double Expected, double Actual, long Ulps, double Error, double Bound, double Ratio)
{
    /// <summary>A one-line description, e.g. <c>[17] expected 0.25 actual 0.2500001 (1 ulp, error 1.5e-08, bound 3e-08, ratio 0.5)</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"[{Index}] expected {Expected:R} actual {Actual:R} ({Ulps} ulp, error {Error:G3}, bound {Bound:G3}, ratio {Ratio:G3})");
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
    }

    /// <summary>What was compared and with which allowance, e.g. <c>exact</c>, <c>≤ 4 ulp</c>, <c>γ_k·G (k = 130)</c>.</summary>
    public string Kind { get; }

    /// <summary>Number of elements compared.</summary>
    public int Count { get; }

    /// <summary>Number of elements beyond their allowance.</summary>
    public int Failures { get; }

    /// <summary>True when every element was within its allowance.</summary>
    public bool Passed => Failures == 0;

    /// <summary>The element that used the largest share of its allowance (the first failing one on ties), or null when nothing was compared.</summary>
    public ElementDifference? Worst { get; }

    /// <summary>The largest ULP distance over all elements (<see cref="long.MaxValue"/> if a NaN met a number).</summary>
    public long MaxUlps { get; }

    /// <summary>
    /// How many elements fell at each ULP distance: index 0 counts exact matches, index d (1 ≤ d ≤ 15) distance d,
    /// index 16 distances 16..255, index 17 distances 256 and more (NaN mismatches included).
    /// </summary>
    public IReadOnlyList<long> UlpHistogram => _histogram;

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
    /// <returns>The report.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{(Passed ? "passed" : "FAILED")} ({Kind}): {Failures} of {Count} elements beyond the allowance");
        if (Worst is { } w)
            sb.Append("; worst ").Append(w.ToString());
        sb.Append(CultureInfo.InvariantCulture, $"; max {(MaxUlps == long.MaxValue ? "∞" : MaxUlps.ToString(CultureInfo.InvariantCulture))} ulp; histogram");
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
