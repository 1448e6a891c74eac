using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace Kernels.Bench.Quick;

/// <summary>
/// The quick mode's timing harness: calibrates how many calls make one sample, then takes samples of several
/// variants interleaved round by round, so drift in clock speed or background load spreads over all variants instead
/// of biasing one. The order within each round comes from a Williams design, so every variant follows every other
/// equally often: what one leaves behind (a C half in cache and dirty, a slow naive loop just ended) weighs on all
/// of them alike.
/// </summary>
internal static class Sampler
{
    /// <summary>Times a single call, after <paramref name="warmCalls"/> untimed ones.</summary>
    public static double TimeOneCall(Action run, int warmCalls)
    {
        for (int i = 0; i < warmCalls; i++) run();
        long t0 = Stopwatch.GetTimestamp();
        run();
        return Math.Max(1, Stopwatch.GetElapsedTime(t0).TotalNanoseconds);
    }

    /// <summary>Nanoseconds per call over a batch of <paramref name="calls"/> calls.</summary>
    public static double Sample(Action run, int calls)
    {
        long t0 = Stopwatch.GetTimestamp();
        for (int i = 0; i < calls; i++) run();
        return Stopwatch.GetElapsedTime(t0).TotalNanoseconds / calls;
    }

    /// <summary>
    /// Takes <paramref name="rounds"/> rounds; in each, one sample of every entry, in the order <see cref="RoundOrder"/> gives.
    /// Each entry's <c>Scope</c> is opened before its sample and disposed after it, untimed (it forces an ISA path).
    /// Also returns the most bytes any sample allocated per call, for each entry.
    /// </summary>
    public static (List<double>[] Samples, double[] AllocatedBytesPerCall) Interleave(
        IReadOnlyList<(Action Run, int Calls, Func<IDisposable?> Scope)> entries, int rounds)
    {
        var samples = entries.Select(_ => new List<double>(rounds)).ToArray();
        var allocated = new double[entries.Count];
        var order = new int[entries.Count];
        for (int r = 0; r < rounds; r++)
        {
            RoundOrder(r, order);
            for (int k = 0; k < entries.Count; k++)
            {
                int i = order[k];
                var e = entries[i];
                using IDisposable? scope = e.Scope();
                long before = GC.GetAllocatedBytesForCurrentThread();
                samples[i].Add(Sample(e.Run, e.Calls));
                allocated[i] = Math.Max(allocated[i], (GC.GetAllocatedBytesForCurrentThread() - before) / (double)e.Calls);
            }
        }
        return (samples, allocated);
    }

    /// <summary>
    /// The order of round <paramref name="round"/> over <c>order.Length</c> entries: row (round mod cycle) of a Williams
    /// design: 0, 1, n−1, 2, n−2, … shifted by the row number; for odd n, the next n rows are those reversed. Over
    /// one cycle (n rounds, 2n for odd n) each entry comes right after each other entry equally often.
    /// </summary>
    /// <remarks>
    /// Before, round r started at entry r and kept the list's order, so an entry nearly always ran right after the one
    /// listed before it: the SIMD kernel after its naive loop. For a 4096² rank-1 update that cost it 8–13% against
    /// OpenBLAS, the variant after it (measured: OpenBLAS 0.87–0.90× then 1.00–1.07× when the naive loop moved to before it).
    /// </remarks>
    public static void RoundOrder(int round, Span<int> order)
    {
        int n = order.Length;
        if (n == 0) return;
        int cycle = n % 2 == 0 ? n : 2 * n;
        int row = round % cycle, shift = row % n;
        for (int i = 0, low = 1, high = n - 1; i < n; i++)
        {
            int first = i == 0 ? 0 : i % 2 == 1 ? low++ : high--;
            order[i] = (first + shift) % n;
        }
        if (row >= n) order.Reverse();
    }

    /// <summary>
    /// <paramref name="rounds"/> cut down to whole cycles of <see cref="RoundOrder"/> for <paramref name="entries"/>
    /// entries when it holds at least one (so every ordered pair comes equally often), never below
    /// <paramref name="minRounds"/>; fewer rounds than one cycle are left as they are (they cost the most per round).
    /// </summary>
    public static int WholeCycles(int rounds, int entries, int minRounds)
    {
        int cycle = entries % 2 == 0 ? entries : 2 * entries;
        int whole = cycle == 0 ? rounds : rounds / cycle * cycle;
        return whole >= Math.Max(cycle, minRounds) ? whole : rounds;
    }

    private static double s_spinSink;

    /// <summary>A dependent chain of <paramref name="iterations"/> floating-point multiply-adds: a fixed amount of work with no memory
    /// traffic, whose latency tail is the machine's, not a kernel's.</summary>
    /// <param name="iterations">Chain length.</param>
    // Optimised from its first call, so that its calibration holds with tiered compilation on (the tests, the hook).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining |
                                                 System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void Spin(int iterations)
    {
        double a = 1;
        for (int i = 0; i < iterations; i++) a = a * 1.0000001 + 0.5;
        s_spinSink += a;
    }

    /// <summary>The <see cref="Spin"/> length whose median time is about <paramref name="targetNs"/>.</summary>
    /// <param name="targetNs">Nanoseconds.</param>
    /// <returns>Iterations.</returns>
    public static int CalibrateSpin(double targetNs)
    {
        const int probe = 4096;
        var t = new List<double>(101);
        for (int i = 0; i < 101; i++) t.Add(TimeOneCall(() => Spin(probe), 0));
        return (int)Math.Clamp(targetNs / (Median(t) / probe), 1, int.MaxValue / 2);
    }

    /// <summary>The median of <paramref name="values"/> (NaN when empty).</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var s = values.Order().ToArray();
        int m = s.Length / 2;
        return s.Length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }
}
