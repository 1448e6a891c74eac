using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Kernels.Bench.Machine;

/// <summary>
/// How busy the rest of the machine was while a run took its samples: the CPU time other processes used, in cores
/// (Linux <c>/proc/stat</c> minus this process's own CPU time). Timings taken beside a busy neighbour are suspect.
/// </summary>
internal sealed class BackgroundLoad
{
    private readonly long _busyTicks;
    private readonly TimeSpan _ownCpu;
    private readonly long _start = Stopwatch.GetTimestamp();

    private BackgroundLoad(long busyTicks, TimeSpan ownCpu)
    {
        _busyTicks = busyTicks;
        _ownCpu = ownCpu;
    }

    /// <summary>Starts watching; null where /proc/stat is not readable.</summary>
    public static BackgroundLoad? Start() => ReadBusyTicks() is { } t ? new BackgroundLoad(t, OwnCpu()) : null;

    /// <summary>The average number of cores other processes kept busy since <see cref="Start"/>.</summary>
    public double OtherCores()
    {
        if (ReadBusyTicks() is not { } now) return double.NaN;
        double seconds = Stopwatch.GetElapsedTime(_start).TotalSeconds;
        double busy = (now - _busyTicks) / 100.0; // USER_HZ is 100 on Linux
        double own = (OwnCpu() - _ownCpu).TotalSeconds;
        return Math.Max(0, (busy - own) / seconds);
    }

    private static TimeSpan OwnCpu()
    {
        using var p = Process.GetCurrentProcess();
        return p.TotalProcessorTime;
    }

    private static long? ReadBusyTicks()
    {
        try
        {
            string? line = File.ReadLines("/proc/stat").FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal));
            if (line is null) return null;
            long[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            // user nice system idle iowait irq softirq steal …: busy = all but idle and iowait
            return f.Sum() - f[3] - (f.Length > 4 ? f[4] : 0);
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        catch (FormatException) { return null; }
    }
}
