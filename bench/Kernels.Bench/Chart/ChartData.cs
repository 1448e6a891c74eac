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
/// <param name="PeakLines">Horizontal lines (label, value): the FMA peaks.</param>
internal sealed record ChartData(string Title, string XLabel, string YLabel, IReadOnlyList<(double X, string Label)> XTicks,
    IReadOnlyList<ChartSeries> Series, IReadOnlyList<(string Label, double Value)> PeakLines)
{
    /// <summary>Builds the chart for a run, or null when it has nothing to plot.</summary>
    public static ChartData? From(BenchRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var gemm = run.Cases.Where(c => c.Profile.Kernel == "Gemm" && c.Profile.Type == "float" && c.Profile.Threads <= 1).ToList();
        if (gemm.Count > 0)
        {
            double X(CaseResult c) => Order(c.Profile.Shape);
            var series = SeriesOf(gemm, X, (c, ns) => c.Profile.Flops / ns);
            var ticks = Spaced(gemm.Select(X).Distinct().Order()).Select(x => (x, x.ToString(CultureInfo.InvariantCulture))).ToList();
            return new ChartData("GEMM, float, one core: GFLOPS against matrix order", "matrix order n (n×n×n)",
                "GFLOPS", ticks, series, FmaPeakLines(run));
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
            labels, lines, []);
    }

    /// <summary>
    /// The float FMA peaks at 256 and 512 bits, each where it was measured, labelled with its width; where the 512-bit one
    /// is missing the 256-bit label says why (no AVX-512 on the CPU, or AVX-512 off in the runtime). On a machine with
    /// neither (128-bit SIMD only), the peak "% of peak" uses.
    /// </summary>
    /// <param name="run">The run.</param>
    /// <returns>The lines, narrowest first.</returns>
    public static IReadOnlyList<(string Label, double Value)> FmaPeakLines(BenchRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var peaks = run.Peaks.Fma.Where(p => p.Type == "float" && p.VectorBits >= 256 && double.IsFinite(p.Gflops)).OrderBy(p => p.VectorBits).ToList();
        if (peaks.Count == 0)
        {
            double peak = run.Peaks.FmaGflops("float");
            return double.IsNaN(peak) ? [] : [($"FMA peak, {run.Peaks.FmaVectorBits}-bit vectors: {peak:F0} GFLOPS", peak)];
        }
        string? why512 = null;
        if (!peaks.Any(p => p.VectorBits == 512))
        {
            string cpu = run.Machine?.CpuFeatures ?? "";
            why512 = cpu.Contains("avx512f", StringComparison.Ordinal)
                ? "512-bit not measured: the .NET runtime does not use AVX-512 here"
                : cpu.Length > 0 ? "no 512-bit FMA: this CPU has no AVX-512" : null;
        }
        return peaks.Select(p => (
            $"FMA peak, {p.VectorBits}-bit vectors{(p.VectorBits == 256 ? " (AVX2)" : " (AVX-512)")}: {p.Gflops:F0} GFLOPS" +
            (p.VectorBits == 256 && why512 is not null ? $" ({why512})" : ""), p.Gflops)).ToList();
    }

    /// <summary>
    /// What a Kernels variant ran across the cases, from the plans the run recorded (<c>Gemm.Explain</c>): the kernel (or
    /// route) and the sizes it ran at, e.g. <c>Tiny at 2; Vector256Tile6x2 at 8–2048</c>; null where no plan was recorded.
    /// </summary>
    /// <param name="cases">The cases, in any order.</param>
    /// <param name="name">The variant.</param>
    /// <param name="x">The x value of a case.</param>
    /// <returns>The summary, or null.</returns>
    public static string? PlanSummary(IEnumerable<CaseResult> cases, string name, Func<CaseResult, double> x)
    {
        ArgumentNullException.ThrowIfNull(x);
        var points = cases.Select(c => (X: x(c), Plan: c.Variant(name)?.Plan)).Where(p => p.Plan is not null).OrderBy(p => p.X).ToList();
        if (points.Count == 0) return null;
        var runs = new List<(string What, double From, double To)>();
        foreach (var (px, plan) in points)
        {
            if (runs.Count > 0 && runs[^1].What == plan!.Short) runs[^1] = (runs[^1].What, runs[^1].From, px);
            else runs.Add((plan!.Short, px, px));
        }
        static string N(double v) => v.ToString(CultureInfo.InvariantCulture);
        if (runs.Count == 1) return runs[0].What;
        return string.Join("; ", runs.Select(r => r.From == r.To ? $"{r.What} at {N(r.From)}" : $"{r.What} at {N(r.From)}–{N(r.To)}"));
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
            // Kernels variants are named by what they ran (Gemm.Explain's kernel, e.g. Vector512Tile6x2), not by a path name.
            string? plan = PlanSummary(cases, name, x);
            string label = name == "kernels" ? $"Kernels, default path: {plan ?? Isa.Best.ToString()}" : plan is null ? name : $"{name}: {plan}";
            // A variant the run did not time at some size (the naive loop beyond 0.4 s a call) says so, rather than just stopping.
            var untimed = cases.Where(c => c.Variant(name) is { } v && double.IsNaN(v.MedianNs)).Select(x).Order().ToList();
            if (untimed.Count > 0)
                label += $" (not timed at {string.Join(", ", untimed.Select(v => v.ToString(CultureInfo.InvariantCulture)))})";
            list.Add(new ChartSeries(label, points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray(), IsPeak: false));
        }
        return list;
    }

    // Tick positions far enough apart on the log axis to be read (1000 beside 1024 would print as one blur): of two closer
    // than a fifth of an octave, the power of two is kept.
    private static IEnumerable<double> Spaced(IEnumerable<double> sorted)
    {
        static bool PowerOfTwo(double x) => x >= 1 && double.IsInteger(Math.Log2(x));
        var kept = new List<double>();
        foreach (double x in sorted)
        {
            if (kept.Count > 0 && Math.Log2(x) - Math.Log2(kept[^1]) < 0.2)
            {
                if (PowerOfTwo(x) && !PowerOfTwo(kept[^1])) kept[^1] = x;
                continue;
            }
            kept.Add(x);
        }
        return kept;
    }

    private static double Order(string shape)
    {
        int end = 0;
        while (end < shape.Length && char.IsDigit(shape[end])) end++;
        return end == 0 ? double.NaN : double.Parse(shape.AsSpan(0, end), CultureInfo.InvariantCulture);
    }
}
