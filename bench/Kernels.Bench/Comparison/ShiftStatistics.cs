using System;
using System.Collections.Generic;
using System.Linq;
using Perfolizer.Mathematics.SignificanceTesting.Base;
using Perfolizer.Mathematics.SignificanceTesting.MannWhitney;
using Perfolizer.Metrology;
using Pragmastat;
using Pragmastat.Algorithms;
using Pragmastat.Metrology;

namespace Kernels.Bench.Comparison;

/// <summary>A shift between two samples: the Hodges–Lehmann estimate and its confidence interval.</summary>
/// <param name="Estimate">The median of all pairwise differences new − baseline.</param>
/// <param name="Lower">Lower end of the Moses confidence interval.</param>
/// <param name="Upper">Upper end.</param>
internal readonly record struct Shift(double Estimate, double Lower, double Upper);

/// <summary>
/// Perfolizer's (and its Pragmastat's) non-parametric two-sample statistics, for samples of log-times or log-ratios (so a
/// shift is a ratio): the Hodges–Lehmann shift with its Moses interval, and the one-sided Mann–Whitney test of "shifted
/// by more than δ", exact for small samples (Löffler) and Edgeworth-approximated beyond.
/// </summary>
internal static class ShiftStatistics
{
    /// <summary>The shift of <paramref name="candidate"/> from <paramref name="baseline"/> with its <paramref name="confidence"/> interval.</summary>
    public static Shift Estimate(IReadOnlyList<double> baseline, IReadOnlyList<double> candidate, double confidence)
    {
        double[] x = [.. candidate.Order()], y = [.. baseline.Order()];
        // The Moses interval: the C-th smallest and largest of the n·m differences, C from the Mann–Whitney U distribution.
        long pairs = (long)x.Length * y.Length;
        long c = LowerCriticalValue(x.Length, y.Length, (1 - confidence) / 2);
        double[] p = [0.5, (c - 1) / (double)Math.Max(1, pairs - 1), (pairs - c) / (double)Math.Max(1, pairs - 1)];
        double[] q = FastShift.Estimate(x, y, p, assumeSorted: true);
        return new Shift(q[0], q[1], q[2]);
    }

    /// <summary>
    /// The p-value of "<paramref name="candidate"/> is greater than <paramref name="baseline"/> + <paramref name="delta"/>"
    /// against "it is not" (one-sided Mann–Whitney with a threshold).
    /// </summary>
    public static double PGreater(IReadOnlyList<double> baseline, IReadOnlyList<double> candidate, double delta)
    {
        var threshold = new Threshold(new Measurement(delta, NumberUnit.Instance));
        return MannWhitneyTest.Instance.Perform(new Sample(candidate), new Sample(baseline), AlternativeHypothesis.Greater, threshold).PValue;
    }

    /// <summary>The smallest p-value <see cref="PGreater"/> can give for these sample sizes: 1 / C(n + m, n).</summary>
    public static double SmallestP(int n, int m)
    {
        double logChoose = 0;
        for (int i = 1; i <= Math.Min(n, m); i++)
            logChoose += Math.Log(Math.Max(n, m) + i) - Math.Log(i);
        return Math.Exp(-logChoose);
    }

    /// <summary>The largest C ≥ 1 with P(U &lt; C) ≤ <paramref name="tail"/> for samples of <paramref name="n"/> and <paramref name="m"/>.</summary>
    private static long LowerCriticalValue(int n, int m, double tail)
    {
        IMannWhitneyCdf cdf = n + m <= 65 ? MannWhitneyLoefflerExactCdf.Instance : MannWhitneyEdgeworthApproxCdf.Instance;
        int lo = 1, hi = n * m / 2 + 1; // cdf(lo) may exceed the tail (tiny samples): then the interval is the whole range
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (cdf.Cdf(n, m, mid) <= tail) lo = mid; else hi = mid - 1;
        }
        return lo;
    }
}
