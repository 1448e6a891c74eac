using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Kernels.Bench.Quick;
using Kernels.Bench.Workloads;

namespace Kernels.Bench.Comparison;

/// <summary>Raw timings of one variant of a case.</summary>
/// <param name="Name">The variant's name (<c>kernels</c>, <c>naive</c>, <c>TensorPrimitives</c>…; BenchmarkDotNet's method name).</param>
/// <param name="Kind">Who wrote the code it runs.</param>
/// <param name="SamplesNs">Nanoseconds per call, one per sample (quick: one per round, in round order) or per measured iteration;
/// from a set of several runs, each run's samples in turn.</param>
/// <param name="PerProcess">How many of <paramref name="SamplesNs"/> each process of the set took, in order (0 where a run lacks
/// this variant); null when the set is one process.</param>
internal sealed record VariantTimings(string Name, VariantKind Kind, IReadOnlyList<double> SamplesNs, IReadOnlyList<int>? PerProcess = null)
{
    /// <summary>The samples of each process of the set, in order (one list when the set is one process).</summary>
    public IReadOnlyList<IReadOnlyList<double>> ByProcess()
    {
        if (PerProcess is null) return [SamplesNs];
        var parts = new List<IReadOnlyList<double>>(PerProcess.Count);
        int start = 0;
        foreach (int count in PerProcess)
        {
            parts.Add(SamplesNs.Skip(start).Take(count).ToArray());
            start += count;
        }
        return parts;
    }

    /// <summary>Code no change to Kernels can speed up or slow down: the naive loops, TensorPrimitives, OpenBLAS, ONNX Runtime.</summary>
    public bool IsControl => Kind is VariantKind.Naive or VariantKind.OtherLoop or VariantKind.TensorPrimitives or VariantKind.OpenBlas or VariantKind.OnnxRuntime;

    /// <summary>Kernels forced onto a lower path than this machine's default (quick: <c>kernels/Vector128</c>; BenchmarkDotNet: <c>Vector128</c>).</summary>
    public bool IsForcedPath => Kind == VariantKind.Kernels &&
        (Name.StartsWith("kernels/", StringComparison.Ordinal) || Name is "Scalar" or "VectorT" or "Vector128" or "Vector256");
}

/// <summary>One case (a kernel at one shape) of a result set with its variants.</summary>
/// <param name="Id">The case's identity, equal across runs.</param>
/// <param name="Variants">Every timed variant.</param>
/// <param name="Interleaved">Whether sample r of every variant was taken in the same round r (the quick mode), so that per-round
/// ratios cancel what the machine did during that round.</param>
internal sealed record CaseTimings(string Id, IReadOnlyList<VariantTimings> Variants, bool Interleaved)
{
    /// <summary>The variant named <paramref name="name"/>, or null.</summary>
    public VariantTimings? Variant(string name) => Variants.FirstOrDefault(v => v.Name == name);
}

/// <summary>
/// The timings of a result set, read from a quick-mode folder (<c>results.json</c>), from a folder of several quick-mode
/// runs of the same code (one <c>results.json</c> per subfolder, one process each), or from BenchmarkDotNet's full JSON
/// export (<c>*-report-full.json</c>, which holds every measured iteration), found in a folder and its subfolders.
/// </summary>
/// <param name="Source">What was read.</param>
/// <param name="Cases">By case id.</param>
/// <param name="FailedChecks">Quick-mode cases whose Kernels result did not match the naive one.</param>
/// <param name="Processes">How many processes (quick-mode runs) the set holds.</param>
internal sealed record ResultSet(string Source, IReadOnlyDictionary<string, CaseTimings> Cases, IReadOnlyList<string> FailedChecks, int Processes = 1)
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
        var runs = Directory.GetFiles(path, "results.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        if (runs.Length > 0) return Merge(runs.Select(FromQuick).ToList(), path);
        var bdn = Directory.GetFiles(path, "*-report-full.json", SearchOption.AllDirectories);
        if (bdn.Length > 0) return FromBdn(bdn, path);
        throw new FileNotFoundException($"'{path}' holds neither a quick-mode results.json nor BenchmarkDotNet *-report-full.json files " +
                                        "(run BenchmarkDotNet with this project's config, or add --exporters fulljson).");
    }

    /// <summary>A result set from a quick-mode run in memory.</summary>
    public static ResultSet FromRun(BenchRun run, string source)
    {
        var cases = new Dictionary<string, CaseTimings>();
        foreach (var c in run.Cases)
        {
            var variants = c.Variants.Where(v => v.SamplesNs.Count > 0).Select(v => new VariantTimings(v.Name, v.Kind, v.SamplesNs)).ToList();
            if (variants.Count > 0) cases[c.Id] = new CaseTimings(c.Id, variants, Interleaved: true);
        }
        var failed = run.Cases.Where(c => !c.AllChecksPassed).Select(c => c.Id).ToList();
        return new ResultSet(source, cases, failed);
    }

    /// <summary>
    /// One set of several runs of the same code, each its own process: a variant's samples are every run's in turn, and
    /// <see cref="VariantTimings.PerProcess"/> says which came from which, so the gate can see how far a variant moves
    /// from one process to the next.
    /// </summary>
    public static ResultSet Merge(IReadOnlyList<ResultSet> runs, string source)
    {
        if (runs.Count == 1) return runs[0];
        var cases = new Dictionary<string, CaseTimings>();
        foreach (string id in runs.SelectMany(r => r.Cases.Keys).Distinct())
        {
            var parts = runs.Select(r => r.Cases.GetValueOrDefault(id)).ToList();
            var variants = new List<VariantTimings>();
            foreach (var first in parts.OfType<CaseTimings>().SelectMany(c => c.Variants).DistinctBy(v => v.Name))
            {
                var each = parts.Select(c => c?.Variant(first.Name)?.SamplesNs ?? []).ToList();
                variants.Add(new VariantTimings(first.Name, first.Kind, each.SelectMany(x => x).ToArray(), each.Select(x => x.Count).ToArray()));
            }
            cases[id] = new CaseTimings(id, variants, parts.All(c => c is null || c.Interleaved));
        }
        var failed = runs.SelectMany(r => r.FailedChecks).Distinct().ToList();
        return new ResultSet($"{source} ({runs.Count} runs, one process each)", cases, failed, runs.Count);
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
        return FromRun(run, $"{file} ({run.Mode}, {run.Started:yyyy-MM-dd HH:mm})");
    }

    // A BenchmarkDotNet benchmark is one variant (its method) of the case its type, job and parameters make; the suites'
    // method names say who wrote the code (Suites/, "The same methods everywhere").
    private static ResultSet FromBdn(IEnumerable<string> files, string source)
    {
        var cases = new Dictionary<string, List<VariantTimings>>();
        foreach (string file in files)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            if (!doc.RootElement.TryGetProperty("Benchmarks", out var benchmarks)) continue;
            foreach (var b in benchmarks.EnumerateArray())
            {
                string display = b.TryGetProperty("DisplayInfo", out var di) ? di.GetString() ?? "" : b.GetProperty("FullName").GetString() ?? "";
                string method = b.TryGetProperty("Method", out var m) ? m.GetString() ?? display : display;
                string caseId = method == display ? display : display.Replace("." + method + ":", ":", StringComparison.Ordinal);
                var samples = new List<double>();
                if (b.TryGetProperty("Measurements", out var ms))
                {
                    foreach (var x in ms.EnumerateArray())
                    {
                        if (x.GetProperty("IterationMode").GetString() != "Workload" || x.GetProperty("IterationStage").GetString() != "Actual")
                            continue;
                        samples.Add(x.GetProperty("Nanoseconds").GetDouble() / x.GetProperty("Operations").GetDouble());
                    }
                }
                if (samples.Count == 0) continue;
                if (!cases.TryGetValue(caseId, out var list)) cases[caseId] = list = [];
                list.Add(new VariantTimings(method, BdnKind(method), samples));
            }
        }
        if (cases.Count == 0)
            throw new InvalidDataException($"'{source}': the BenchmarkDotNet JSON holds no measurements (use the full JSON exporter).");
        return new ResultSet($"{source} (BenchmarkDotNet)", cases.ToDictionary(c => c.Key, c => new CaseTimings(c.Key, c.Value, Interleaved: false)), []);
    }

    private static VariantKind BdnKind(string method) => method switch
    {
        "Naive" => VariantKind.Naive,
        "NaiveIkj" => VariantKind.OtherLoop,
        "TensorPrimitives" => VariantKind.TensorPrimitives,
        _ when method.StartsWith("OpenBlas", StringComparison.Ordinal) => VariantKind.OpenBlas,
        "TwoPass" => VariantKind.TwoPass,
        _ when method.StartsWith("OnnxRuntime", StringComparison.Ordinal) => VariantKind.OnnxRuntime,
        _ => VariantKind.Kernels,
    };
}
