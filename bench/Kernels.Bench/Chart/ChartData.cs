using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Kernels.Bench.Machine;
using Kernels.Bench.Quick;
using Kernels.Bench.Workloads;
using Kernels.Platform;

namespace Kernels.Bench.Chart;

/// <summary>One line of the chart: a name and its points.</summary>
/// <param name="Name">Legend text.</param>
/// <param name="X">X values (problem size).</param>
/// <param name="Y">Y values (GFLOPS or GB/s).</param>
/// <param name="IsPeak">Drawn dashed, as a measured peak.</param>
internal sealed record ChartSeries(string Name, double[] X, double[] Y, bool IsPeak);

/// <summary>
/// What the quick-mode chart shows, independent of the plotting library: GEMM GFLOPS against matrix order for every
/// variant with the FMA peak as a line when the run has GEMM cases; until then, the Hadamard product's GB/s against
/// working-set size with the measured triad peak of each level.
/// </summary>
/// <param name="Title">The title.</param>
/// <param name="XLabel">X axis label.</param>
/// <param name="YLabel">Y axis label.</param>
/// <param name="XTicks">Tick positions (in X units) and their labels; the X axis is logarithmic.</param>
/// <param name="Series">The lines.</param>
/// <param name="PeakLine">A horizontal line (label, value), or null.</param>
internal sealed record ChartData(string Title, string XLabel, string YLabel, IReadOnlyList<(double X, string Label)> XTicks,
    IReadOnlyList<ChartSeries> Series, (string Label, double Value)? PeakLine)
{
    /// <summary>Builds the chart for a run, or null when it has nothing to plot.</summary>
    public static ChartData? From(BenchRun run)
    {
        var gemm = run.Cases.Where(c => c.Profile.Kernel == "Gemm" && c.Profile.Type == "float" && c.Profile.Threads <= 1).ToList();
        if (gemm.Count > 0)
        {
            double X(CaseResult c) => Order(c.Profile.Shape);
            var series = SeriesOf(gemm, X, (c, ns) => c.Profile.Flops / ns);
            double peak = run.Peaks.FmaGflops("float");
            var ticks = gemm.Select(X).Distinct().Order().Select(x => (x, x.ToString(CultureInfo.InvariantCulture))).ToList();
            return new ChartData("GEMM, float, one core: GFLOPS against matrix order", "matrix order n (n×n×n)", "GFLOPS", ticks, series,
                double.IsNaN(peak) ? null : ($"FMA peak V{run.Peaks.FmaVectorBits} {peak:F0}", peak));
        }

        var hadamard = run.Cases.Where(c => c.Profile.Kernel == "Hadamard" && c.Profile.Type == "float").ToList();
        if (hadamard.Count == 0) return null;
        double Bytes(CaseResult c) => c.Profile.Bytes;
        var lines = SeriesOf(hadamard, Bytes, (c, ns) => c.Profile.Bytes / ns);
        var ordered = hadamard.OrderBy(Bytes).ToList();
        lines.Add(new ChartSeries("measured triad peak", ordered.Select(Bytes).ToArray(),
            ordered.Select(c => run.Peaks.BandwidthGBps(c.Profile.Level, AccessPattern.Triad)).ToArray(), IsPeak: true));
        var labels = ordered.Select(c => (Bytes(c), $"{CacheSizes.Format((long)c.Profile.Bytes)} ({c.Profile.Level})")).ToList();
        return new ChartData("Hadamard product z = x ⊙ y, float, one core: GB/s against working set", "working set (x, y and z)", "GB/s",
            labels, lines, null);
    }

    private static List<ChartSeries> SeriesOf(List<CaseResult> cases, Func<CaseResult, double> x, Func<CaseResult, double, double> y)
    {
        var names = cases.SelectMany(c => c.Variants.Select(v => v.Name)).Distinct().ToList();
        var list = new List<ChartSeries>();
        foreach (string name in names)
        {
            var points = cases
                .Select(c => (c, v: c.Variant(name)))
                .Where(p => p.v is not null && !double.IsNaN(p.v.MedianNs))
                .OrderBy(p => x(p.c))
                .Select(p => (X: x(p.c), Y: y(p.c, p.v!.MedianNs)))
                .ToList();
            if (points.Count == 0) continue;
            string label = name == "kernels" ? $"kernels (default: {Isa.Best})" : name;
            // A variant the run did not time at some size (the naive loop beyond 0.4 s a call) says so, rather than just stopping.
            var untimed = cases.Where(c => c.Variant(name) is { } v && double.IsNaN(v.MedianNs)).Select(x).Order().ToList();
            if (untimed.Count > 0)
                label += $" (not timed at {string.Join(", ", untimed.Select(v => v.ToString(CultureInfo.InvariantCulture)))})";
            list.Add(new ChartSeries(label, points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray(), IsPeak: false));
        }
        return list;
    }

    private static double Order(string shape)
    {
        int end = 0;
        while (end < shape.Length && char.IsDigit(shape[end])) end++;
        return end == 0 ? double.NaN : double.Parse(shape.AsSpan(0, end), CultureInfo.InvariantCulture);
    }
}
