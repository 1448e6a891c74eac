using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Kernels.Bench.Quick;

namespace Kernels.Bench.Comparison;

/// <summary>
/// <c>--compare BASELINE NEW [--threshold PERCENT] [--alpha P] [--all]</c>: compares two result sets benchmark by
/// benchmark and exits 1 when any benchmark got slower by more than the threshold with statistical significance
/// (Mann–Whitney p &lt; alpha), 2 on bad usage, 0 otherwise.
/// </summary>
/// <remarks>
/// A change is the Hodges–Lehmann estimate of the time ratio with its 95% confidence interval; it counts as a
/// regression when the estimate exceeds 1 + threshold and the test rejects "no change". A new run whose Kernels results
/// failed their correctness check also fails the comparison.
/// </remarks>
internal static class CompareCommand
{
    public static int Run(string[] args)
    {
        var paths = new List<string>();
        double threshold = 5, alpha = 0.01;
        bool all = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--compare": break;
                case "--threshold" when i + 1 < args.Length: threshold = double.Parse(args[++i].TrimEnd('%'), CultureInfo.InvariantCulture); break;
                case "--alpha" when i + 1 < args.Length: alpha = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--all": all = true; break;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal))
                        return Usage($"unknown option '{args[i]}'");
                    paths.Add(args[i]);
                    break;
            }
        }
        if (paths.Count != 2) return Usage("give a baseline and a new result set");

        ResultSet baseline, candidate;
        try
        {
            baseline = ResultSet.Load(paths[0]);
            candidate = ResultSet.Load(paths[1]);
        }
        catch (Exception e) when (e is System.IO.IOException or System.IO.InvalidDataException or System.Text.Json.JsonException)
        {
            return Usage(e.Message);
        }

        Console.WriteLine($"baseline: {baseline.Source}");
        Console.WriteLine($"new:      {candidate.Source}");
        Console.WriteLine($"regression: slower by more than {threshold}% (Hodges–Lehmann estimate) with Mann–Whitney p < {alpha}");
        Console.WriteLine();

        var rows = new List<(string Key, double Base, double New, ShiftTest T, string Verdict)>();
        foreach (var (key, b) in baseline.Measurements)
        {
            if (!candidate.Measurements.TryGetValue(key, out var c)) continue;
            var t = Statistics.Compare(b.SamplesNs, c.SamplesNs, 0.95);
            bool significant = t.PValue < alpha;
            bool testable = Statistics.SmallestP(b.SamplesNs.Count, c.SamplesNs.Count) < alpha;
            string verdict = !testable ? "too few samples"
                : !significant ? "same"
                : t.Ratio > 1 + threshold / 100 ? "REGRESSION"
                : t.Ratio < 1 - threshold / 100 ? "faster"
                : t.Ratio > 1 ? "slower (below threshold)" : "faster (below threshold)";
            rows.Add((key, Statistics.Median(b.SamplesNs), Statistics.Median(c.SamplesNs), t, verdict));
        }
        if (rows.Count == 0) return Usage("the two result sets have no benchmark in common");

        var shown = all ? rows : rows.Where(r => r.Verdict != "same").ToList();
        string[] header = ["Benchmark", "Baseline", "New", "Change", "95% CI", "p", "Verdict"];
        var cells = shown.OrderByDescending(r => r.T.Ratio).Select(r => new[]
        {
            r.Key, Format.Time(r.Base), Format.Time(r.New), Format.Change(r.T.Ratio),
            $"[{Format.Change(r.T.Lower)}, {Format.Change(r.T.Upper)}]", r.T.PValue < 1e-4 ? "<1e-4" : r.T.PValue.ToString("G2", CultureInfo.InvariantCulture), r.Verdict,
        }).ToList();
        int[] width = header.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(c => c[i].Length))).ToArray();
        string Line(string[] c) => string.Join("  ", c.Select((x, i) => i is >= 1 and <= 5 ? x.PadLeft(width[i]) : x.PadRight(width[i]))).TrimEnd();
        Console.WriteLine(Line(header));
        foreach (var c in cells) Console.WriteLine(Line(c));

        int regressions = rows.Count(r => r.Verdict == "REGRESSION");
        int faster = rows.Count(r => r.Verdict == "faster");
        int untestable = rows.Count(r => r.Verdict == "too few samples");
        if (untestable > 0)
            Console.WriteLine($"{untestable} benchmarks have too few samples for p < {alpha} to be reachable (e.g. a --smoke run): they cannot be judged.");
        Console.WriteLine();
        Console.WriteLine($"{rows.Count} benchmarks compared ({baseline.Measurements.Count - rows.Count} only in the baseline, " +
                          $"{candidate.Measurements.Count - rows.Count} only in the new set): {regressions} regressions, {faster} faster, " +
                          $"{rows.Count - regressions - faster} unchanged within the threshold." + (all ? "" : " (--all lists every benchmark)"));
        foreach (string id in candidate.FailedChecks)
            Console.WriteLine($"CHECK FAILED in the new set: {id}");
        return regressions > 0 || candidate.FailedChecks.Count > 0 ? 1 : 0;
    }

    private static int Usage(string problem)
    {
        Console.Error.WriteLine($"--compare: {problem}.");
        Console.Error.WriteLine("usage: --compare BASELINE NEW [--threshold PERCENT (default 5)] [--alpha P (default 0.01)] [--all]");
        Console.Error.WriteLine("BASELINE and NEW are quick-mode result folders (results.json) or BenchmarkDotNet result folders (*-report-full.json).");
        return 2;
    }
}
