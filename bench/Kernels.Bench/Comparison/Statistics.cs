using System;
using System.Collections.Generic;
using System.Linq;

namespace Kernels.Bench.Comparison;

/// <summary>The outcome of comparing two samples of timings.</summary>
/// <param name="PValue">Two-sided p-value of the Mann–Whitney U test (no difference in location).</param>
/// <param name="Ratio">Hodges–Lehmann estimate of new ÷ baseline time (the median of all pairwise ratios).</param>
/// <param name="Lower">Lower end of the confidence interval of <paramref name="Ratio"/>.</param>
/// <param name="Upper">Upper end.</param>
internal readonly record struct ShiftTest(double PValue, double Ratio, double Lower, double Upper);

/// <summary>
/// Non-parametric statistics for benchmark samples, which are skewed and heavy-tailed (a timing can only be slowed by
/// noise): the Mann–Whitney U test for "did it change", and the Hodges–Lehmann estimator with its Moses confidence
/// interval for "by how much", both on log-times so the change is a ratio.
/// </summary>
internal static class Statistics
{
    /// <summary>Compares <paramref name="baseline"/> and <paramref name="candidate"/> (positive timings).</summary>
    /// <param name="baseline">Baseline samples.</param>
    /// <param name="candidate">New samples.</param>
    /// <param name="confidence">Confidence level of the interval, e.g. 0.95.</param>
    /// <returns>The test.</returns>
    public static ShiftTest Compare(IReadOnlyList<double> baseline, IReadOnlyList<double> candidate, double confidence)
    {
        if (baseline.Count == 0 || candidate.Count == 0) return new ShiftTest(double.NaN, double.NaN, double.NaN, double.NaN);
        double p = MannWhitneyP(baseline, candidate);

        // Hodges–Lehmann: all pairwise differences of log-times, their median, and the Moses interval from the U distribution.
        int n1 = baseline.Count, n2 = candidate.Count;
        var d = new double[n1 * n2];
        int k = 0;
        foreach (double b in baseline)
            foreach (double c in candidate)
                d[k++] = Math.Log(c) - Math.Log(b);
        Array.Sort(d);
        double estimate = Median(d);
        double z = NormalQuantile(0.5 + confidence / 2);
        double ca = Math.Floor(n1 * (double)n2 / 2 - z * Math.Sqrt(n1 * (double)n2 * (n1 + n2 + 1) / 12.0));
        int lo = (int)Math.Clamp(ca, 1, d.Length) - 1;
        int hi = (int)Math.Clamp(d.Length - ca + 1, 1, d.Length) - 1;
        return new ShiftTest(p, Math.Exp(estimate), Math.Exp(d[lo]), Math.Exp(d[hi]));
    }

    /// <summary>Two-sided p-value of the Mann–Whitney U test, normal approximation with tie and continuity corrections.</summary>
    public static double MannWhitneyP(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        int n1 = a.Count, n2 = b.Count, n = n1 + n2;
        var all = a.Select(v => (v, g: 0)).Concat(b.Select(v => (v, g: 1))).OrderBy(t => t.v).ToArray();
        double rankSumA = 0, tieTerm = 0;
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j + 1 < n && all[j + 1].v == all[i].v) j++;
            double rank = (i + j + 2) / 2.0; // average of ranks i+1 .. j+1
            int t = j - i + 1;
            if (t > 1) tieTerm += (double)t * t * t - t;
            for (int q = i; q <= j; q++) if (all[q].g == 0) rankSumA += rank;
            i = j + 1;
        }
        double u = rankSumA - n1 * (n1 + 1) / 2.0;
        double mean = n1 * (double)n2 / 2;
        double variance = n1 * (double)n2 / 12.0 * (n + 1 - tieTerm / ((double)n * (n - 1)));
        if (variance <= 0) return 1;
        double zScore = Math.Max(0, Math.Abs(u - mean) - 0.5) / Math.Sqrt(variance);
        return Math.Min(1, 2 * (1 - NormalCdf(zScore)));
    }

    /// <summary>The smallest p-value the test can give for these sample sizes (complete separation of the two samples).</summary>
    public static double SmallestP(int n1, int n2)
    {
        if (n1 == 0 || n2 == 0) return 1;
        var low = Enumerable.Range(1, n1).Select(i => (double)i).ToArray();
        var high = Enumerable.Range(n1 + 1, n2).Select(i => (double)i).ToArray();
        return MannWhitneyP(low, high);
    }

    /// <summary>The median of a sorted or unsorted list.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var s = values.Order().ToArray();
        int m = s.Length / 2;
        return s.Length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    /// <summary>Standard normal CDF (Abramowitz–Stegun 7.1.26 erf, |error| &lt; 1.5e-7).</summary>
    public static double NormalCdf(double z)
    {
        double x = Math.Abs(z) / Math.Sqrt(2);
        double t = 1 / (1 + 0.3275911 * x);
        double erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }

    /// <summary>Standard normal quantile (Acklam's rational approximation, relative error &lt; 1.2e-9).</summary>
    public static double NormalQuantile(double p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(p, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(p, 1);
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;
        if (p < low)
        {
            double q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - low) return -NormalQuantile(1 - p);
        double r = p - 0.5, s = r * r;
        return (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r / (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
    }
}
