using System;
using System.Linq;
using Kernels.Bench.Comparison;
using Xunit;

namespace Kernels.Bench.Tests;

public class RegressionGateTests
{
    private static ResultSet Set(SyntheticRuns recipe, int seed) => ResultSet.FromRun(recipe.Make(seed), $"synthetic {seed}");

    private static ResultSet Runs(SyntheticRuns recipe, int seed, int count) =>
        ResultSet.Merge(Enumerable.Range(0, count).Select(i => Set(recipe, 1000 * seed + i)).ToList(), $"synthetic runs {seed}");

    // Each variant's speed moves by about 8% (one standard deviation) from one process to the next, as here.
    private static readonly SyntheticRuns ProcessNoise = new() { ProcessSpread = 0.08 };

    [Fact]
    public void One_process_a_side_can_take_what_moves_between_processes_for_a_regression()
    {
        // Why several runs a side: between two single processes of the same code a variant's own speed moved, and the
        // rounds of one process cannot show that it does so by itself.
        int failed = Enumerable.Range(0, 20).Count(seed => !RegressionGate.Judge(Set(ProcessNoise, 2 * seed), Set(ProcessNoise, 2 * seed + 1), new GateSettings()).Passed);
        Assert.True(failed > 0, "no single-process pair failed");
    }

    [Fact]
    public void Five_runs_a_side_of_the_same_code_pass_although_each_process_moves_and_the_machine_is_30_percent_slower()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            var baseline = Runs(ProcessNoise, 2 * seed, 5);
            var candidate = Runs(ProcessNoise with { Machine = 1.3 }, 2 * seed + 1, 5);
            var result = RegressionGate.Judge(baseline, candidate, new GateSettings());

            Assert.True(result.ByProcess);
            Assert.True(result.Passed, $"seed {seed}: " + string.Join("; ", result.Rows.Where(r => r.Verdict == Verdict.Regression).Select(r => $"{r.CaseId} {r.Variant}")));
        }
    }

    [Fact]
    public void Five_runs_a_side_flag_a_kernel_slower_by_60_percent_and_nothing_else()
    {
        string slowed = SyntheticRuns.Cases[11].Id;
        for (int seed = 0; seed < 5; seed++)
        {
            var candidate = ProcessNoise with { Machine = 0.85, Factor = (id, v) => id == slowed && v == "kernels" ? 1.6 : 1 };
            var result = RegressionGate.Judge(Runs(ProcessNoise, 50 + 2 * seed, 5), Runs(candidate, 51 + 2 * seed, 5), new GateSettings());

            var flagged = result.Rows.Where(r => r.Verdict == Verdict.Regression).Select(r => $"{r.CaseId} {r.Variant}").ToArray();
            Assert.Equal([$"{slowed} kernels"], flagged);
        }
    }

    [Fact]
    public void Five_runs_a_side_a_control_that_got_faster_alone_is_not_a_regression_of_the_kernel()
    {
        // Whichever control the gate divides by, the other one says the kernel did not move.
        foreach (string movedControl in new[] { "TensorPrimitives", "naive" })
        {
            string moved = SyntheticRuns.Cases[8].Id;
            var result = RegressionGate.Judge(Runs(ProcessNoise, 90, 5),
                Runs(ProcessNoise with { Factor = (id, v) => id == moved && v == movedControl ? 0.6 : 1 }, 91, 5), new GateSettings());

            var row = result.Rows.Single(r => r.CaseId == moved && r.Variant == "kernels");
            Assert.Equal(Verdict.Same, row.Verdict);
            Assert.True(result.Passed);
        }
    }

    [Fact]
    public void Four_runs_a_side_cannot_reach_p_below_one_percent_and_are_not_judged()
    {
        var result = RegressionGate.Judge(Runs(ProcessNoise, 70, 4), Runs(ProcessNoise with { Factor = (_, _) => 3 }, 71, 4), new GateSettings());
        Assert.All(result.Rows, r => Assert.Equal(Verdict.TooFewSamples, r.Verdict));
        Assert.Equal(5, CompareCommand.MinimumRuns(0.01));
        Assert.Equal(4, CompareCommand.MinimumRuns(0.05));
    }

    [Fact]
    public void Merged_runs_keep_each_process_s_samples_apart()
    {
        var first = Set(new SyntheticRuns { Rounds = 7 }, 80);
        var second = Set(new SyntheticRuns { Rounds = 9 }, 81);
        string id = SyntheticRuns.Cases[2].Id;
        var trimmed = second with { Cases = second.Cases.ToDictionary(c => c.Key, c => c.Key != id ? c.Value :
            c.Value with { Variants = c.Value.Variants.Where(v => v.Name != "TensorPrimitives").ToList() }) };

        var merged = ResultSet.Merge([first, trimmed], "two runs");

        Assert.Equal(2, merged.Processes);
        var kernels = merged.Cases[id].Variant("kernels")!;
        Assert.Equal([7, 9], kernels.PerProcess);
        Assert.Equal(first.Cases[id].Variant("kernels")!.SamplesNs, kernels.ByProcess()[0]);
        Assert.Equal(second.Cases[id].Variant("kernels")!.SamplesNs, kernels.ByProcess()[1]);
        Assert.Equal([7, 0], merged.Cases[id].Variant("TensorPrimitives")!.PerProcess);
        // A process lacking the control gives no value relative to it.
        Assert.Single(RelativeTimings.OfEachProcess(kernels, merged.Cases[id].Variant("TensorPrimitives"), true));
        Assert.Equal(2, RelativeTimings.OfEachProcess(kernels, merged.Cases[id].Variant("naive"), true).Length);
    }

    [Fact]
    public void Two_runs_of_the_same_code_pass_although_the_machine_is_30_percent_slower_in_one()
    {
        for (int seed = 0; seed < 5; seed++)
        {
            var baseline = Set(new SyntheticRuns(), 2 * seed);
            var candidate = Set(new SyntheticRuns { Machine = 1.3 }, 2 * seed + 1);
            var result = RegressionGate.Judge(baseline, candidate, new GateSettings());

            Assert.True(result.Passed, string.Join("; ", result.Rows.Where(r => r.Verdict == Verdict.Regression).Select(r => $"{r.CaseId} {r.Variant}")));
            // What an absolute comparison would have seen: every median about 30% up.
            var kernels = baseline.Cases.Values.Select(c => RelativeTimings.Median(candidate.Cases[c.Id].Variant("kernels")!.SamplesNs) /
                                                            RelativeTimings.Median(c.Variant("kernels")!.SamplesNs)).ToList();
            Assert.True(kernels.Min() > 1.15, $"smallest absolute change {kernels.Min():F2}");
        }
    }

    [Fact]
    public void A_slower_kernel_is_flagged_and_nothing_else()
    {
        string slowed = SyntheticRuns.Cases[9].Id;
        var baseline = Set(new SyntheticRuns(), 1);
        var candidate = Set(new SyntheticRuns { Machine = 0.8, Factor = (id, v) => id == slowed && v.StartsWith("kernels", StringComparison.Ordinal) ? 1.3 : 1 }, 2);

        var result = RegressionGate.Judge(baseline, candidate, new GateSettings());

        Assert.False(result.Passed);
        var flagged = result.Rows.Where(r => r.Verdict == Verdict.Regression).Select(r => $"{r.CaseId} {r.Variant} {r.Gated}").Order().ToArray();
        Assert.Equal([$"{slowed} kernels True", $"{slowed} kernels/Vector128 False"], flagged);
        var row = result.Rows.Single(r => r.CaseId == slowed && r.Variant == "kernels");
        Assert.Equal("TensorPrimitives", row.Control); // the control of nearest time
        Assert.InRange(Math.Exp(row.Relative!.Change.Estimate), 1.25, 1.35);
        Assert.InRange(1.3, Math.Exp(row.Relative.Change.Lower), Math.Exp(row.Relative.Change.Upper));
    }

    [Fact]
    public void A_slower_forced_path_is_listed_and_gated_only_when_asked()
    {
        string slowed = SyntheticRuns.Cases[14].Id;
        var baseline = Set(new SyntheticRuns(), 13);
        var candidate = Set(new SyntheticRuns { Factor = (id, v) => id == slowed && v == "kernels/Vector128" ? 1.4 : 1 }, 14);

        var result = RegressionGate.Judge(baseline, candidate, new GateSettings());
        var row = Assert.Single(result.Rows, r => r.Verdict == Verdict.Regression);
        Assert.Equal((slowed, "kernels/Vector128", false), (row.CaseId, row.Variant, row.Gated));
        Assert.True(result.Passed);

        Assert.False(RegressionGate.Judge(baseline, candidate, new GateSettings(GateForcedPaths: true)).Passed);
    }

    [Fact]
    public void A_control_that_got_faster_alone_is_not_a_regression_of_the_kernel()
    {
        // The ratio kernels ÷ TensorPrimitives grows by 1/0.6, but the kernel's own time did not move: the control did.
        string moved = SyntheticRuns.Cases[6].Id;
        var result = RegressionGate.Judge(Set(new SyntheticRuns(), 15),
            Set(new SyntheticRuns { Factor = (id, v) => id == moved && v == "TensorPrimitives" ? 0.6 : 1 }, 16), new GateSettings());

        var row = result.Rows.Single(r => r.CaseId == moved && r.Variant == "kernels");
        Assert.Equal("TensorPrimitives", row.Control);
        Assert.True(row.Relative!.Slower(0.01), "the ratio alone says slower");
        Assert.Equal(Verdict.Same, row.Verdict);
        Assert.True(result.Passed);
    }

    [Fact]
    public void A_faster_kernel_is_reported_and_passes()
    {
        string sped = SyntheticRuns.Cases[3].Id;
        var result = RegressionGate.Judge(Set(new SyntheticRuns(), 3),
            Set(new SyntheticRuns { Factor = (id, v) => id == sped && v == "kernels" ? 0.7 : 1 }, 4), new GateSettings());

        Assert.True(result.Passed);
        var faster = Assert.Single(result.Rows, r => r.Verdict == Verdict.Faster);
        Assert.Equal((sped, "kernels"), (faster.CaseId, faster.Variant));
    }

    [Fact]
    public void Controls_drifting_apart_raise_the_limit_to_their_drift()
    {
        // In the new set TensorPrimitives runs 15% slower relative to the naive loop in every case: no Kernels change
        // can do that, so relative timings on this machine are that unsteady, and a 10% change of a kernel is within it.
        var candidate = new SyntheticRuns { Factor = (_, v) => v switch { "TensorPrimitives" => 1.15, "kernels" => 1.10, _ => 1 } };
        var result = RegressionGate.Judge(Set(new SyntheticRuns(), 5), Set(candidate, 6), new GateSettings());

        Assert.InRange(Math.Exp(result.Noise.Relative), 1.12, 1.18);
        Assert.Equal(SyntheticRuns.Cases.Length, result.Noise.RelativePairs);
        Assert.All(result.Rows, r => Assert.Equal(result.Noise.Relative, r.Relative!.Limit));
        Assert.True(result.Passed);
    }

    [Fact]
    public void A_threshold_above_the_change_passes_it()
    {
        string slowed = SyntheticRuns.Cases[12].Id;
        var candidate = new SyntheticRuns { Factor = (id, v) => id == slowed && v == "kernels" ? 1.3 : 1 };
        Assert.False(RegressionGate.Judge(Set(new SyntheticRuns(), 7), Set(candidate, 8), new GateSettings(ThresholdPercent: 20)).Passed);
        Assert.True(RegressionGate.Judge(Set(new SyntheticRuns(), 7), Set(candidate, 8), new GateSettings(ThresholdPercent: 45)).Passed);
    }

    [Fact]
    public void Smoke_sized_sets_are_not_judged()
    {
        var smoke = new SyntheticRuns { Rounds = 3 };
        var result = RegressionGate.Judge(Set(smoke, 9), Set(smoke with { Factor = (_, _) => 2 }, 10), new GateSettings());

        Assert.All(result.Rows, r => Assert.Equal(Verdict.TooFewSamples, r.Verdict));
        Assert.True(result.Passed);
    }

    [Fact]
    public void A_failed_check_in_the_new_set_fails_the_gate()
    {
        string broken = SyntheticRuns.Cases[0].Id;
        var result = RegressionGate.Judge(Set(new SyntheticRuns(), 11), Set(new SyntheticRuns { FailedChecks = [broken] }, 12), new GateSettings());

        Assert.Equal([broken], result.FailedChecks);
        Assert.False(result.Passed);
    }
}
