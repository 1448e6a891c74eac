using Kernels.Platform;
using Xunit;

namespace Kernels.Tests;

/// <summary>The caches the library reads at start-up, and the budgets that follow from them.</summary>
public class CacheSizesTests
{
    [Fact]
    public void This_machine_reports_plausible_caches()
    {
        var c = CacheSizes.Current;
        TestContext.Current.SendDiagnosticMessage($"[caches] {c}");
        Assert.InRange(c.L1Data.Size, 4 << 10, 1 << 20);
        Assert.InRange(c.L2.Size, c.L1Data.Size, 64L << 20);
        Assert.InRange(c.L3.Size, 1 << 10, 1L << 30);
        Assert.True(c.L1Data.Ways > 0 && c.L2.Ways > 0 && c.L3.Ways > 0);
    }

    [Fact]
    public void Levels_that_cannot_be_read_are_assumed_one_by_one()
    {
        var l2 = new CacheLevel(2 << 20, 16, 64);
        var c = CacheSizes.Complete(default, l2, new CacheLevel(64L << 30, 16, 64), "cpuid");
        Assert.Equal(CacheSizes.Assumed.L1Data, c.L1Data); // missing
        Assert.Equal(l2, c.L2);                            // read
        Assert.Equal(CacheSizes.Assumed.L3, c.L3);        // 64 GiB: not believed
        Assert.Equal("cpuid, some assumed", c.Source);
        Assert.Equal(CacheSizes.Assumed.L1Data, CacheSizes.Complete(new CacheLevel(32 << 10, 0, 64), l2, l2, "sysfs").L1Data); // no ways
    }

    [Fact]
    public void Budgets_follow_the_caches()
    {
        var small = CacheSizes.Complete(new(16 << 10, 4, 64), new(256 << 10, 8, 64), new(4L << 20, 16, 64), "test");
        var large = CacheSizes.Complete(new(48 << 10, 12, 64), new(1 << 20, 16, 64), new(96L << 20, 16, 64), "test");
        foreach (var c in new[] { small, large, CacheSizes.Assumed })
        {
            var b = CacheBudgets.Derive(c);
            Assert.Equal(c.L3.Size / 4, b.UnaryStreamingBytes);
            Assert.Equal(c.L2.Size, b.BinaryStreamingBytes);
            Assert.Equal(c.L3.Size / 16, b.RankOneFourRowBytes);
            Assert.Equal(c.L1Data.Size / 4, b.MatrixVectorColumnBlockBytes);
            Assert.Equal(c.L3.Size / 2, b.MatrixVectorBeyondCacheBytes);
            Assert.Equal(c.L1Data.Size / 2, b.ColumnSumBlockBytes);
            Assert.Equal(c.L1Data.Size, b.ColumnSumTileBytes);
        }
        // The machine the thresholds were first measured on (32 KiB L1, 512 KiB L2, 32 MiB L3) gets the values it had.
        var b0 = CacheBudgets.Derive(CacheSizes.Assumed);
        Assert.Equal(8L << 20, b0.UnaryStreamingBytes);
        Assert.Equal(2L << 20, b0.RankOneFourRowBytes);
        Assert.Equal(8192, b0.MatrixVectorColumnBlockBytes);
        Assert.Equal(16L << 20, b0.MatrixVectorBeyondCacheBytes);
    }
}
