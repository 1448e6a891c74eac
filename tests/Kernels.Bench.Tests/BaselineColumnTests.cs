using System;
using Kernels.Bench.Machine;
using Kernels.Bench.Quick;
using Kernels.Bench.Workloads;
using Xunit;

namespace Kernels.Bench.Tests;

/// <summary>The quick table names the baseline in a column of its own, and takes the faster of its routines.</summary>
public class BaselineColumnTests
{
    [Fact]
    public void The_baseline_column_takes_the_fastest_of_gemm_gemv_and_ger()
    {
        var c = new CaseResult { Id = "Gemm.Mlp/float/(1×784)·(784×256)" };
        c.Variants.Add(new VariantResult { Name = "kernels", Kind = VariantKind.Kernels, MedianNs = 100 });
        c.Variants.Add(new VariantResult { Name = "OpenBLAS 0.3.21 Zen gemv", Kind = VariantKind.OpenBlas, MedianNs = 90 });
        c.Variants.Add(new VariantResult { Name = "OpenBLAS 0.3.21 Zen", Kind = VariantKind.OpenBlas, MedianNs = 300 });
        Assert.Equal("0.90× gemv", QuickTable.BaselineRatio(c, 100));
        c.Variants[1].MedianNs = 400;
        Assert.Equal("3.00×", QuickTable.BaselineRatio(c, 100));
        c.Variants.Add(new VariantResult { Name = "OpenBLAS 0.3.21 Zen ger", Kind = VariantKind.OpenBlas, MedianNs = 120 });
        Assert.Equal("1.20× ger", QuickTable.BaselineRatio(c, 100));
        c.Variants.Add(new VariantResult { Name = "OpenBLAS 0.3.21 Zen gemv", Kind = VariantKind.OpenBlas, MedianNs = double.NaN });
        Assert.Equal("1.20× ger", QuickTable.BaselineRatio(c, 100)); // not timed: left out
    }

    [Fact]
    public void The_table_names_the_baseline_in_its_header()
    {
        var run = new BenchRun
        {
            Peaks = new PeakResults([], [], 256, 256),
            Baseline = new BaselineInfo { Name = "OpenBLAS 0.3.21 Zen", Core = "Zen", Reason = "OpenBLAS's own choice" },
        };
        var c = new CaseResult { Id = "Gemm/float/8x8x8", Profile = new WorkProfile("Gemm", "8x8x8", "float", MemoryLevel.L1, AccessPattern.Triad, 768, 1024, PerformanceMetric.Flops) };
        c.Variants.Add(new VariantResult { Name = "kernels", Kind = VariantKind.Kernels, MedianNs = 100 });
        c.Variants.Add(new VariantResult { Name = "OpenBLAS 0.3.21 Zen", Kind = VariantKind.OpenBlas, MedianNs = 150 });
        run.Cases.Add(c);
        string table = QuickTable.Render(run, markdown: true);
        Assert.Contains("| OpenBLAS 0.3.21 Zen ÷ SIMD |", table, StringComparison.Ordinal);
        Assert.Contains("| 1.50× |", table, StringComparison.Ordinal);
    }
}
