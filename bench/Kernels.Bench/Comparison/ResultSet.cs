using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Kernels.Bench.Quick;

namespace Kernels.Bench.Comparison;

/// <summary>Raw timings of one benchmark in a result set.</summary>
/// <param name="Key">The benchmark's identity, equal across runs: case id and variant (quick), or BenchmarkDotNet's display name.</param>
/// <param name="SamplesNs">Nanoseconds per call, one per sample (quick) or per measured iteration (BenchmarkDotNet).</param>
internal sealed record Measurement(string Key, IReadOnlyList<double> SamplesNs);

/// <summary>
/// The timings of a result set, read from a quick-mode folder (<c>results.json</c>) or from BenchmarkDotNet's full JSON
/// export (<c>*-report-full.json</c>, which holds every measured iteration), found in a folder and its subfolders.
/// </summary>
/// <param name="Source">What was read.</param>
/// <param name="Measurements">By key.</param>
/// <param name="FailedChecks">Quick-mode cases whose Kernels result did not match the naive one.</param>
internal sealed record ResultSet(string Source, IReadOnlyDictionary<string, Measurement> Measurements, IReadOnlyList<string> FailedChecks)
{
    /// <summary>Reads a result set from a folder or a file.</summary>
    /// <exception cref="FileNotFoundException">Nothing readable was found.</exception>
    public static ResultSet Load(string path)
    {
        if (File.Exists(path))
            return path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && IsQuick(path) ? FromQuick(path) : FromBdn([path], path);
        if (!Directory.Exists(path))
            throw new FileNotFoundException($"No result set at '{path}'");
        string quick = Path.Combine(path, "results.json");
        if (File.Exists(quick)) return FromQuick(quick);
        var bdn = Directory.GetFiles(path, "*-report-full.json", SearchOption.AllDirectories);
        if (bdn.Length > 0) return FromBdn(bdn, path);
        throw new FileNotFoundException($"'{path}' holds neither a quick-mode results.json nor BenchmarkDotNet *-report-full.json files " +
                                        "(run BenchmarkDotNet with this project's config, or add --exporters fulljson).");
    }

    private static bool IsQuick(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        return doc.RootElement.TryGetProperty("Schema", out var s) && s.GetString() == BenchRun.CurrentSchema;
    }

    private static ResultSet FromQuick(string file)
    {
        var run = ResultsJson.Read(file) ?? throw new InvalidDataException($"'{file}' is empty.");
        if (run.Schema != BenchRun.CurrentSchema)
            throw new InvalidDataException($"'{file}' has format '{run.Schema}', expected '{BenchRun.CurrentSchema}'.");
        var map = new Dictionary<string, Measurement>();
        foreach (var c in run.Cases)
            foreach (var v in c.Variants.Where(v => v.SamplesNs.Count > 0))
                map[$"{c.Id} {v.Name}"] = new Measurement($"{c.Id} {v.Name}", v.SamplesNs);
        var failed = run.Cases.Where(c => !c.AllChecksPassed).Select(c => c.Id).ToList();
        return new ResultSet($"{file} ({run.Mode}, {run.Started:yyyy-MM-dd HH:mm})", map, failed);
    }

    private static ResultSet FromBdn(IEnumerable<string> files, string source)
    {
        var map = new Dictionary<string, Measurement>();
        foreach (string file in files)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            if (!doc.RootElement.TryGetProperty("Benchmarks", out var benchmarks)) continue;
            foreach (var b in benchmarks.EnumerateArray())
            {
                string key = b.TryGetProperty("DisplayInfo", out var di) ? di.GetString() ?? "" : b.GetProperty("FullName").GetString() ?? "";
                var samples = new List<double>();
                if (b.TryGetProperty("Measurements", out var ms))
                {
                    foreach (var m in ms.EnumerateArray())
                    {
                        if (m.GetProperty("IterationMode").GetString() != "Workload" || m.GetProperty("IterationStage").GetString() != "Actual")
                            continue;
                        double ops = m.GetProperty("Operations").GetDouble();
                        samples.Add(m.GetProperty("Nanoseconds").GetDouble() / ops);
                    }
                }
                if (samples.Count > 0) map[key] = new Measurement(key, samples);
            }
        }
        if (map.Count == 0)
            throw new InvalidDataException($"'{source}': the BenchmarkDotNet JSON holds no measurements (use the full JSON exporter).");
        return new ResultSet($"{source} (BenchmarkDotNet)", map, []);
    }
}
