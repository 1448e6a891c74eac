using System;
using System.IO;
using System.Linq;
using Kernels.Bench.Comparison;
using Kernels.Bench.Quick;
using Xunit;

namespace Kernels.Bench.Tests;

public sealed class CompareCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kernels-compare-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, SyntheticRuns recipe, int seed)
    {
        string dir = Path.Combine(_folder, name);
        Directory.CreateDirectory(dir);
        ResultsJson.Write(recipe.Make(seed), Path.Combine(dir, "results.json"));
        return dir;
    }

    private static (int Exit, string Output) Compare(params string[] args)
    {
        var output = new StringWriter();
        int exit = CompareCommand.Run(["--compare", .. args], output, output);
        return (exit, output.ToString());
    }

    [Fact]
    public void Same_code_on_a_drifting_machine_exits_0_and_a_slower_kernel_exits_1_naming_it()
    {
        string slowed = SyntheticRuns.Cases[17].Id;
        string baseline = Write("old", new SyntheticRuns(), 21);
        string same = Write("same", new SyntheticRuns { Machine = 1.35 }, 22);
        string slower = Write("slower", new SyntheticRuns { Machine = 1.35, Factor = (id, v) => id == slowed && v == "kernels" ? 1.25 : 1 }, 23);

        var (exit, output) = Compare(baseline, same, "--threshold", "5");
        Assert.True(exit == 0, output);
        Assert.Contains("gate: passed", output, StringComparison.Ordinal);

        (exit, output) = Compare(baseline, slower, "--threshold", "5");
        Assert.True(exit == 1, output);
        var regressions = output.Split('\n').Where(l => l.Contains("REGRESSION", StringComparison.Ordinal)).ToList();
        Assert.Equal($"{slowed} kernels", Assert.Single(regressions)[..$"{slowed} kernels".Length]);
    }

    [Fact]
    public void A_baseline_written_before_the_caches_became_text_still_compares()
    {
        // Results of earlier versions held the caches as an object; a kept baseline must stay readable.
        string baseline = Write("old", new SyntheticRuns(), 25);
        string file = Path.Combine(baseline, "results.json");
        string json = File.ReadAllText(file);
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        node["Machine"] = System.Text.Json.Nodes.JsonNode.Parse("""
            {"CpuModel": "AMD EPYC", "LogicalCores": 2, "Architecture": "X64", "OperatingSystem": "Linux", "Runtime": ".NET 10",
             "IsaFlags": ["Avx2+"], "VectorWidths": "V256 yes", "KernelsPath": "Vector256", "KernelsDescription": "x",
             "Caches": {"L1Data": 32768, "L2": 524288, "Source": "sysfs"}, "OpenBlas": "none", "RuntimeSwitches": [], "Commit": null}
            """);
        File.WriteAllText(file, node.ToJsonString());
        var run = ResultsJson.Read(file)!;
        Assert.Equal("L1Data 32768, L2 524288, Source sysfs", run.Machine?.Caches);
        var (exit, output) = Compare(baseline, Write("same", new SyntheticRuns(), 26), "--threshold", "5");
        Assert.True(exit == 0, output);
    }

    [Fact]
    public void A_folder_of_runs_is_one_set_judged_by_process()
    {
        string slowed = SyntheticRuns.Cases[5].Id;
        var noise = new SyntheticRuns { ProcessSpread = 0.08 };
        string Runs(string name, SyntheticRuns recipe, int seed, int count)
        {
            for (int i = 0; i < count; i++) Write(Path.Combine(name, $"run{i}"), recipe, 100 * seed + i);
            return Path.Combine(_folder, name);
        }
        string baseline = Runs("base", noise, 31, 5);

        var (exit, output) = Compare(baseline, Runs("same", noise with { Machine = 1.3 }, 32, 5));
        Assert.True(exit == 0, output);
        Assert.Contains("samples: one per process (its median), 5 runs in the baseline and 5 in the new set", output, StringComparison.Ordinal);

        (exit, output) = Compare(baseline, Runs("slower", noise with { Factor = (id, v) => id == slowed && v == "kernels" ? 2 : 1 }, 33, 5));
        Assert.True(exit == 1, output);
        Assert.StartsWith($"{slowed} kernels ", output.Split('\n').Single(l => l.Contains("REGRESSION", StringComparison.Ordinal)), StringComparison.Ordinal);

        (exit, output) = Compare(Runs("three", noise, 34, 3), Runs("three-more", noise, 35, 3));
        Assert.True(exit == 0, output);
        Assert.Contains("(5 runs on each side are needed)", output, StringComparison.Ordinal);

        (exit, output) = Compare(Path.Combine(baseline, "run0"), Path.Combine(_folder, "same", "run0"));
        Assert.Contains("samples: one per round of a single process per side", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_usage_exits_2()
    {
        string baseline = Write("old", new SyntheticRuns(), 24);
        Assert.Equal(2, Compare(baseline).Exit);
        Assert.Equal(2, Compare(baseline, Path.Combine(_folder, "missing")).Exit);
        Assert.Equal(2, Compare(baseline, baseline, "--threshold", "five").Exit);
        Assert.Equal(2, Compare(baseline, baseline, "--alpha", "2").Exit);
    }
}
