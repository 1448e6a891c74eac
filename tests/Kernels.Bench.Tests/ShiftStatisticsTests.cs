using System;
using System.Linq;
using Kernels.Bench.Comparison;
using Xunit;

namespace Kernels.Bench.Tests;

public class ShiftStatisticsTests
{
    private static readonly double[] Ten = [.. Enumerable.Range(1, 10).Select(i => (double)i)];

    [Fact]
    public void The_shift_of_a_shifted_copy_is_the_shift()
    {
        var s = ShiftStatistics.Estimate(Ten, [.. Ten.Select(v => v + 3)], 0.95);
        Assert.Equal(3, s.Estimate, 12);
        Assert.True(s.Lower < 3 && s.Upper > 3, $"[{s.Lower}, {s.Upper}]");
    }

    [Fact]
    public void The_moses_interval_of_two_samples_of_ten_is_the_textbook_one()
    {
        // n = m = 10 at 95%: U's lower 2.5% critical value is 24 (P(U ≤ 23) ≤ 0.025 < P(U ≤ 24)), so the interval is the
        // 24th smallest and the 24th largest of the 100 differences; here the differences are 3 + (j − i), i, j = 1..10.
        var s = ShiftStatistics.Estimate(Ten, [.. Ten.Select(v => v + 3)], 0.95);
        var d = (from i in Ten from j in Ten select j + 3 - i).Order().ToArray();
        Assert.Equal(d[23], s.Lower, 12);
        Assert.Equal(d[^24], s.Upper, 12);
    }

    [Fact]
    public void Completely_separated_samples_reach_the_smallest_p()
    {
        double[] low = [1, 2, 3, 4, 5], high = [11, 12, 13, 14, 15];
        Assert.Equal(1 / 252.0, ShiftStatistics.SmallestP(5, 5), 12);
        Assert.Equal(1 / 252.0, ShiftStatistics.PGreater(low, high, 0), 9);
        Assert.True(ShiftStatistics.PGreater(high, low, 0) > 0.99);
        // Shifted by more than 5 with certainty, but not by more than 10.
        Assert.True(ShiftStatistics.PGreater(low, high, 5) < 0.01);
        Assert.True(ShiftStatistics.PGreater(low, high, 10) > 0.5);
    }
}
