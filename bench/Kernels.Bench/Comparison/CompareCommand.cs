using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Kernels.Bench.Quick;

namespace Kernels.Bench.Comparison;

/// <summary>
/// <c>--compare BASELINE NEW [--threshold PERCENT] [--alpha P] [--forced-paths] [--all]</c>: the regression gate (<see cref="RegressionGate"/>)
/// between two result sets; exits 1 when a Kernels variant got slower beyond the limit with p &lt; alpha or the new set
/// has a failed check, 2 on bad usage, 0 otherwise.
/// </summary>
internal static class CompareCommand
{
    public static int Run(string[] args) => Run(args, Console.Out, Console.Error);

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var paths = new List<string>();
        var settings = new GateSettings();
        bool all = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--compare": break;
                case "--threshold" when i + 1 < args.Length && Number(args[++i].TrimEnd('%')) is { } t && t >= 0: settings = settings with { ThresholdPercent = t }; break;
                case "--alpha" when i + 1 < args.Length && Number(args[++i]) is { } a && a is > 0 and < 1: settings = settings with { Alpha = a }; break;
                case "--all": all = true; break;
                case "--forced-paths": settings = settings with { GateForcedPaths = true }; break;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal) || i > 0 && args[i - 1] is "--threshold" or "--alpha")
                        return Usage(error, $"unknown option or bad value '{args[i]}'");
                    paths.Add(args[i]);
                    break;
            }
        }
        if (paths.Count != 2) return Usage(error, "give a baseline and a new result set");

        ResultSet baseline, candidate;
        try
        {
            baseline = ResultSet.Load(paths[0]);
            candidate = ResultSet.Load(paths[1]);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException)
        {
            return Usage(error, e.Message);
        }

        var result = RegressionGate.Judge(baseline, candidate, settings);
        if (result.Rows.Count == 0) return Usage(error, "the two result sets have no Kernels benchmark in common");
        Print(output, baseline, candidate, settings, result, all);
        return result.Passed ? 0 : 1;
    }

    private static void Print(TextWriter output, ResultSet baseline, ResultSet candidate, GateSettings settings, GateResult result, bool all)
    {
        var noise = result.Noise;
        output.WriteLine($"baseline: {baseline.Source}");
        output.WriteLine($"new:      {candidate.Source}");
        output.WriteLine(result.ByProcess
            ? "compared: each Kernels variant's time divided by a control timed in the same rounds (the naive loop, TensorPrimitives, OpenBLAS " +
              "or ONNX Runtime, whichever ratio moved least between processes), which cancels what the machine did to both, and by the next such control;"
            : "compared: each Kernels variant's time divided by a control timed in the same rounds (the naive loop, TensorPrimitives, " +
              "OpenBLAS or ONNX Runtime, whichever takes nearest its time), which cancels what the machine did to both, and its time alone, less the machine's drift;");
        output.WriteLine(result.ByProcess
            ? "regression: the ratio grew beyond its limit (Hodges–Lehmann estimate, one-sided Mann–Whitney p < " + Inv(settings.Alpha) + " over processes) " +
              "and so did the ratio to the next control (a control can move alone), or, with one control, the time beyond its limit and by more than the control's own time moved;"
            : $"regression: the ratio grew beyond its limit, and the time beyond its limit and by more than the control's own " +
              $"time moved (a control can move alone), each by the Hodges–Lehmann estimate and with one-sided Mann–Whitney p < {Inv(settings.Alpha)};");
        output.WriteLine($"limits: the threshold, {Inv(settings.ThresholdPercent)}%, or for the ratio what the controls (code no Kernels change can move) " +
                         $"drifted relative to each other between the sets, if more: {Format.Change(Math.Exp(noise.Relative))} ({Quantile()} of {noise.RelativePairs} pairs)" +
                         (result.ByProcess ? "; " : ", or, with one run a side, the time's limit below if that is more; ") +
                         $"the machine's drift, taken out of every time, is the controls' median change, {Format.Change(Math.Exp(noise.Machine))}; " +
                         $"for the time, the threshold or, if more, the controls' spread around that drift: {Format.Change(Math.Exp(noise.Absolute))};");
        output.WriteLine(result.ByProcess
            ? $"samples: one per process (its median), {baseline.Processes} runs in the baseline and {candidate.Processes} in the new set, so the tests " +
              "count what moves from one process to the next (code placement, memory layout) as noise;"
            : "samples: one per round of a single process per side: what moves from one process to the next (code placement, memory layout) is " +
              $"not measured and can pass for a change; give each side several runs (a folder of run folders; {MinimumRuns(settings.Alpha)} each reach p < {Inv(settings.Alpha)});");
        string[] Baselines(ResultSet set) => set.Cases.Values.SelectMany(c => c.Variants).Where(v => v.Kind == Workloads.VariantKind.OpenBlas)
            .Select(v => v.Name).Distinct().Order(StringComparer.Ordinal).ToArray();
        string[] oldBlas = Baselines(baseline), newBlas = Baselines(candidate);
        if (oldBlas.Length > 0 && newBlas.Length > 0 && !oldBlas.SequenceEqual(newBlas))
            output.WriteLine($"note: the OpenBLAS baselines differ ({string.Join(", ", oldBlas)} in the baseline, {string.Join(", ", newBlas)} in the new set): " +
                             "variants are matched by name, so OpenBLAS is no control where its name (version, core) changed.");
        output.WriteLine(settings.GateForcedPaths
            ? "gated: every Kernels variant, forced lower paths included (--forced-paths)."
            : "gated: Kernels on this machine's default path, fused and threaded variants; forced lower paths are listed, not gated (--forced-paths gates them).");
        output.WriteLine();

        var shown = all ? result.Rows : result.Rows.Where(r => r.Verdict is not (Verdict.Same or Verdict.TooFewSamples)).ToList();
        string[] header = ["Benchmark", "Control", "Baseline", "New", "Relative", "95% CI", "Limit", "p", "Time", "Limit", "p", "Control's time", "Verdict"];
        var cells = shown.OrderByDescending(r => r.Main.Change.Estimate).Select(r => new[]
        {
            $"{r.CaseId} {r.Variant}", r.Control ?? "none", Format.Time(r.BaselineNs), Format.Time(r.NewNs),
            r.Relative is { } m ? Format.Change(Math.Exp(m.Change.Estimate)) : "–",
            r.Relative is { } n ? $"[{Format.Change(Math.Exp(n.Change.Lower))}, {Format.Change(Math.Exp(n.Change.Upper))}]" : "–",
            r.Relative is { } o ? Format.Change(Math.Exp(o.Limit)) : "–", r.Relative is { } q ? P(q) : "–",
            Format.Change(Math.Exp(r.Absolute.Change.Estimate)), Format.Change(Math.Exp(r.Absolute.Limit)), P(r.Absolute),
            r.Relative is null ? "–" : Format.Change(Math.Exp(r.ControlChange)), Label(r),
        }).ToList();
        int[] width = header.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(c => c[i].Length))).ToArray();
        string Line(string[] c) => string.Join("  ", c.Select((x, i) => i is >= 2 and <= 11 ? x.PadLeft(width[i]) : x.PadRight(width[i]))).TrimEnd();
        output.WriteLine(Line(header));
        foreach (var c in cells) output.WriteLine(Line(c));

        int regressions = result.Rows.Count(r => r.Verdict == Verdict.Regression && r.Gated);
        int ungated = result.Rows.Count(r => r.Verdict == Verdict.Regression && !r.Gated);
        int faster = result.Rows.Count(r => r.Verdict == Verdict.Faster);
        int untestable = result.Rows.Count(r => r.Verdict == Verdict.TooFewSamples);
        if (untestable > 0)
            output.WriteLine($"{untestable} variants have too few samples for p < {Inv(settings.Alpha)} to be reachable " +
                             (result.ByProcess ? $"({MinimumRuns(settings.Alpha)} runs on each side are needed)" : "(e.g. a --smoke run)") + ": they cannot be judged.");
        output.WriteLine();
        output.WriteLine($"{result.Rows.Count} Kernels variants compared in {result.Rows.Select(r => r.CaseId).Distinct().Count()} cases " +
                         $"({baseline.Cases.Keys.Except(candidate.Cases.Keys).Count()} cases only in the baseline, {candidate.Cases.Keys.Except(baseline.Cases.Keys).Count()} only in the new set): " +
                         $"{regressions} regressions, {ungated} slower on a forced path (not gated), {faster} faster, " +
                         $"{result.Rows.Count - regressions - ungated - faster - untestable} unchanged within the limit." +
                         (all ? "" : " (--all lists every variant)"));
        foreach (string id in result.FailedChecks)
            output.WriteLine($"CHECK FAILED in the new set: {id}");
        output.WriteLine(result.Passed ? "gate: passed" : "gate: FAILED");
    }

    /// <summary>The fewest runs per side with which a one-sided test over processes can reach p &lt; alpha.</summary>
    internal static int MinimumRuns(double alpha)
    {
        int n = 2;
        while (ShiftStatistics.SmallestP(n, n) >= alpha) n++;
        return n;
    }

    private static string Quantile() => $"{GateSettings.NoiseQuantile * 100:F0}th percentile";

    private static string Label(GateRow r) => r.Verdict switch
    {
        Verdict.Regression => r.Gated ? "REGRESSION" : "slower (forced path, not gated)",
        Verdict.Faster => "faster",
        Verdict.TooFewSamples => "too few samples",
        _ => "same",
    };

    private static string P(Measure m)
    {
        double p = m.Change.Estimate >= 0 ? m.PSlower : m.PFaster;
        return p < 1e-4 ? "<1e-4" : p.ToString("G2", CultureInfo.InvariantCulture);
    }

    private static string Inv(double v) => v.ToString(CultureInfo.InvariantCulture);

    private static double? Number(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : null;

    private static int Usage(TextWriter error, string problem)
    {
        error.WriteLine($"--compare: {problem}.");
        error.WriteLine("usage: --compare BASELINE NEW [--threshold PERCENT (default 5)] [--alpha P (default 0.01)] [--forced-paths] [--all]");
        error.WriteLine("BASELINE and NEW are quick-mode result folders (results.json) or BenchmarkDotNet result folders (*-report-full.json).");
        return 2;
    }
}
