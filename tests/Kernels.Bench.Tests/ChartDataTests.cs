using System;
using Kernels.Bench.Chart;
using Kernels.Bench.Machine;
using Kernels.Bench.Quick;
using Kernels.Bench.Workloads;
using Xunit;

namespace Kernels.Bench.Tests;

/// <summary>The chart's FMA peak lines and the names of what Kernels ran.</summary>
public class ChartDataTests
{
    [Fact]
    public void The_chart_draws_each_fma_peak_and_says_why_512_bits_are_missing()
    {
        var peaks = new PeakResults([new FmaPeak("float", 256, 101), new FmaPeak("double", 256, 51)], [], 256, 256);
        var zen3 = new BenchRun { Peaks = peaks, Machine = Machine("avx2 fma (no AVX-512), from /proc/cpuinfo") };
        var line = Assert.Single(ChartData.FmaPeakLines(zen3));
        Assert.Contains("256-bit", line.Label, StringComparison.Ordinal);
        Assert.Contains("no AVX-512", line.Label, StringComparison.Ordinal);

        var both = new PeakResults([new FmaPeak("float", 128, 60), new FmaPeak("float", 256, 110), new FmaPeak("float", 512, 210)], [], 128, 512);
        var lines = ChartData.FmaPeakLines(new BenchRun { Peaks = both, Machine = Machine("avx2 fma avx512f avx512bw avx512dq avx512vl avx512cd, from /proc/cpuinfo") });
        Assert.Equal(2, lines.Count);
        Assert.Contains("256-bit", lines[0].Label, StringComparison.Ordinal);
        Assert.Contains("512-bit", lines[1].Label, StringComparison.Ordinal);
    }

    [Fact]
    public void The_chart_names_what_kernels_ran_from_the_plans()
    {
        CaseResult Case(int n, string route, string kernel)
        {
            var c = new CaseResult { Id = $"Gemm/float/{n}x{n}x{n}" };
            c.Variants.Add(new VariantResult { Name = "kernels", Kind = VariantKind.Kernels, MedianNs = 1, Plan = new KernelPlan(route, kernel, "") });
            return c;
        }
        var cases = new[] { Case(64, "Unpacked", "Vector512Tile6x2"), Case(2, "Tiny", ""), Case(1024, "Blocked", "Vector512Tile6x2") };
        double X(CaseResult c) => double.Parse(c.Id.Split('/')[2].Split('x')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("Tiny at 2; Vector512Tile6x2 at 64–1024", ChartData.PlanSummary(cases, "kernels", X));
        Assert.Null(ChartData.PlanSummary(cases, "OpenBLAS 0.3.21 Zen", X));
    }

    private static MachineInfo Machine(string cpuFeatures) =>
        new("test CPU", 2, "X64", "test OS", ".NET", [], "", "", "", "", "", [], null, cpuFeatures);
}
