using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Kernels.Bench.Chart;

namespace Kernels.Bench.Quick;

/// <summary>
/// Writes a quick-mode run to its results folder: <c>results.json</c> (everything, raw samples included: the input of
/// <c>--compare</c>), <c>results.md</c> (machine, peaks, the table, every variant, the checks) and <c>chart.png</c>.
/// </summary>
internal static class ResultsWriter
{
    /// <summary>Writes the files; returns their paths.</summary>
    public static IReadOnlyList<string> Write(BenchRun run, string directory, bool chart)
    {
        Directory.CreateDirectory(directory);
        var files = new List<string>();

        string json = Path.Combine(directory, "results.json");
        ResultsJson.Write(run, json);
        files.Add(json);

        string md = Path.Combine(directory, "results.md");
        File.WriteAllText(md, Markdown(run));
        files.Add(md);

        if (chart)
        {
            string png = Path.Combine(directory, "chart.png");
            if (ChartWriter.Write(run, png) is { } written) files.Add(written);
        }
        return files;
    }

    private static string Markdown(BenchRun run)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.AppendLine(inv, $"# Kernels {run.Mode} bench against {run.BaselineName}, {run.Started:yyyy-MM-dd HH:mm zzz}");
        sb.AppendLine();
        sb.AppendLine("## Machine");
        foreach (string line in run.Machine.ToMarkdownLines()) sb.AppendLine(line);
        sb.AppendLine();
        if (run.Baseline is { } baseline)
        {
            sb.AppendLine(inv, $"## Baseline: {baseline.Name}");
            sb.AppendLine();
            sb.AppendLine(inv, $"- Core {baseline.Core} (openblas_get_corename), chosen by: {baseline.Source}; {baseline.Reason}");
            sb.AppendLine(inv, $"- Build: {baseline.Config} (openblas_get_config); one thread");
            if (baseline.Note is not null) sb.AppendLine(inv, $"- NOTE: {baseline.Note}");
            sb.AppendLine("- Its results are checked against the naive loop under the same bound as Kernels' (the Checks section).");
            sb.AppendLine();
        }
        sb.AppendLine("## Measured peaks (one core)");
        foreach (string line in run.Peaks.ToMarkdownLines()) sb.AppendLine(line);
        sb.AppendLine();
        sb.AppendLine("## Summary");
        sb.AppendLine();
        sb.Append(QuickTable.Render(run, markdown: true));
        foreach (string note in run.Notes) sb.AppendLine(inv, $"- Note: {note}");
        sb.AppendLine();
        sb.AppendLine("## Every variant");
        sb.AppendLine();
        sb.AppendLine("| Case | Variant | Median | Throughput | % peak | vs naive | Samples × calls | IQR / median | Allocated / call |");
        sb.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var c in run.Cases)
        {
            double naive = c.Variant("naive")?.MedianNs ?? double.NaN;
            foreach (var v in c.Variants)
            {
                if (v.Note is not null)
                {
                    sb.AppendLine(inv, $"| {c.Id} | {v.Name} | {v.Note} | | | | | | |");
                    continue;
                }
                var (text, fraction) = QuickTable.Throughput(c.Profile, v.MedianNs, run.Peaks);
                sb.AppendLine(inv, $"| {c.Id} | {v.Name} | {Format.Time(v.MedianNs)} | {text} | {Format.Percent(fraction)} | {Format.Ratio(naive / v.MedianNs)} | {v.SamplesNs.Count} × {v.CallsPerSample} | {Format.Percent(Iqr(v.SamplesNs) / v.MedianNs)} | {v.AllocatedBytesPerCall:F0} B |");
            }
        }
        sb.AppendLine();
        var latencies = run.Cases.Where(c => c.Latency is not null).ToList();
        if (latencies.Count > 0)
        {
            sb.AppendLine("## Single-call latency (Kernels, default path; each call timed on its own)");
            sb.AppendLine();
            sb.AppendLine("Each call alternates with a spin loop (a chain of multiply-adds, no memory traffic) calibrated to the same median: its");
            sb.AppendLine("tail is what this machine adds to any call that long (timer interrupts, the hypervisor), not the kernel's.");
            sb.AppendLine();
            sb.AppendLine("| Case | Calls | Min | p50 | p90 | p99 | p99.9 | Max | Mean | Allocated / call |");
            sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            void Line(string name, LatencyResult l) =>
                sb.AppendLine(inv, $"| {name} | {l.Calls} | {Format.Time(l.MinNs)} | {Format.Time(l.P50Ns)} | {Format.Time(l.P90Ns)} | {Format.Time(l.P99Ns)} | {Format.Time(l.P999Ns)} | {Format.Time(l.MaxNs)} | {Format.Time(l.MeanNs)} | {l.AllocatedBytesPerCall:F0} B |");
            foreach (var c in latencies)
            {
                Line(c.Id, c.Latency!);
                foreach (var (name, other) in c.OtherLatencies) Line($"{c.Id} {name}", other);
                if (c.Latency!.MachineSpin is { } spin) Line("spin loop, same median", spin);
            }
            sb.AppendLine();
        }
        var plans = run.Cases.Where(c => c.Variants.Any(v => v.Plan is not null)).ToList();
        if (plans.Count > 0)
        {
            sb.AppendLine("## What Kernels runs (Gemm.Explain, per path)");
            sb.AppendLine();
            sb.AppendLine("| Case | Variant | Plan |");
            sb.AppendLine("|---|---|---|");
            foreach (var c in plans)
                foreach (var v in c.Variants.Where(v => v.Plan is not null))
                    sb.AppendLine(inv, $"| {c.Id} | {v.Name} | {v.Plan!.Text} |");
            sb.AppendLine();
        }
        sb.AppendLine(inv, $"## Checks (Kernels on each path and {run.BaselineName} vs the naive loop, same inputs, the unit tests' bounds)");
        sb.AppendLine();
        foreach (var c in run.Cases)
            foreach (var k in c.Checks)
                sb.AppendLine(inv, $"- {(k.Passed ? "✓" : "✗")} {c.Id} [{k.Path}]: {k.Detail}");
        sb.AppendLine();
        sb.AppendLine(inv, $"{run.Cases.Count} cases in {run.ElapsedSeconds:F0} s; other processes used {run.OtherProcessesCores:F2} cores on average meanwhile.");
        return sb.ToString();
    }

    private static double Iqr(List<double> samples)
    {
        if (samples.Count < 4) return double.NaN;
        var s = samples.Order().ToArray();
        return s[3 * s.Length / 4] - s[s.Length / 4];
    }
}
