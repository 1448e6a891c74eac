using System;
using Xunit;

namespace Kernels.Testing.Tests;

public class AllocationWindowsTests
{
    [Fact]
    public void Code_that_allocates_nothing_stops_after_one_clean_window()
    {
        int runs = 0;
        long[] windows = AllocationWindows.Measure(() => runs++);
        Assert.Equal([0L], windows);
        Assert.Equal(1, runs);
    }

    [Fact]
    public void Code_that_allocates_every_time_shows_in_every_window()
    {
        object? sink = null;
        long[] windows = AllocationWindows.Measure(() => sink = new byte[1000], maxWindows: 4);
        Assert.Equal(4, windows.Length);
        Assert.All(windows, w => Assert.True(w >= 1000, $"{w} bytes"));
        GC.KeepAlive(sink);
    }

    [Fact]
    public void A_one_off_allocation_falls_in_one_window_only()
    {
        int runs = 0;
        object? sink = null;
        long[] windows = AllocationWindows.Measure(() => { if (runs++ == 0) sink = new byte[12_000]; });
        Assert.Equal(2, windows.Length);
        Assert.True(windows[0] >= 12_000);
        Assert.Equal(0, windows[1]);
        GC.KeepAlive(sink);
    }

    [Fact]
    public void At_least_one_window_is_required()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => AllocationWindows.Measure(() => { }, maxWindows: 0));
        Assert.Equal("maxWindows", e.ParamName);
    }
}
