using System;
using System.Diagnostics;
using System.Threading;

namespace Kernels.AotSample;

/// <summary>Median time of a call, after a warm-up long enough for the JIT's tiering to have optimised it.</summary>
internal static class Timing
{
    public static TimeSpan Median(Action call, int samples)
    {
        // Tiered compilation promotes a method after 30 calls and a quiet 100 ms; AOT code needs no warm-up but gets the same.
        for (int round = 0; round < 2; round++)
        {
            for (int i = 0; i < 40; i++) call();
            Thread.Sleep(200);
        }
        var times = new double[samples];
        for (int i = 0; i < samples; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            call();
            times[i] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
        }
        Array.Sort(times);
        return TimeSpan.FromMicroseconds(times[samples / 2]);
    }
}
