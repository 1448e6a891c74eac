using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Linq;

namespace Kernels.Bench.Startup;

/// <summary>
/// <c>--first-calls</c>: how long the first calls of each public kernel take in a fresh process under the runtime's
/// default tiered compilation, against the same call once warm. Each case runs in its own child process, so no case
/// benefits from code another one compiled.
/// </summary>
/// <remarks>
/// Call 1 includes compiling the kernel; calls 2–10 show whether it still runs unoptimized code (the runtime's tier 0)
/// after that. "Warm" is the median of 200 calls after 3000 more calls and a pause longer than the runtime's
/// call-counting delay, which is when tiering has certainly finished.
/// </remarks>
internal static class FirstCallsCommand
{
    private const string ChildFlag = "--first-calls-child";

    public static int Run(string[] args)
    {
        int child = Array.IndexOf(args, ChildFlag);
        if (child >= 0)
            return RunChild(args[child + 1]);
        if (Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") is { } tc)
            Console.Error.WriteLine($"note: DOTNET_TieredCompilation={tc} is set; the figures describe that setting, not the default.");
        Console.WriteLine($"First calls in a fresh process, default tiered compilation; {Isa.Tag}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine();
        Console.WriteLine("| Call | 1st call µs | calls 2–10 median µs | calls 2–10 max µs | warm median µs | max(2–10) / warm |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        int failures = 0;
        foreach (var (name, _) in FirstCallCases.All)
        {
            string? line = RunInChild(name);
            if (line is null) { failures++; continue; }
            Console.WriteLine(line);
        }
        return failures == 0 ? 0 : 1;
    }

    private static string? RunInChild(string name)
    {
        string exe = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(exe) { UseShellExecute = false, RedirectStandardOutput = true };
        if (!exe.EndsWith("Kernels.Bench", StringComparison.OrdinalIgnoreCase) && !exe.EndsWith("Kernels.Bench.exe", StringComparison.OrdinalIgnoreCase))
            start.ArgumentList.Add(typeof(FirstCallsCommand).Assembly.Location);
        start.ArgumentList.Add("--first-calls");
        start.ArgumentList.Add(ChildFlag);
        start.ArgumentList.Add(name);
        try
        {
            using var p = Process.Start(start) ?? throw new Win32Exception($"Could not start {exe}.");
            string output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode == 0)
                return output.Trim();
            Console.Error.WriteLine($"{name}: the child process exited {p.ExitCode}");
        }
        catch (Win32Exception e)
        {
            Console.Error.WriteLine($"{name}: {e.Message}");
        }
        return null;
    }

    private static int RunChild(string name)
    {
        var (_, create) = FirstCallCases.All.Single(c => c.Name == name);
        Action call = create();
        var first = new double[10];
        for (int i = 0; i < first.Length; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            call();
            first[i] = Microseconds(Stopwatch.GetTimestamp() - t0);
        }
        for (int i = 0; i < 3000; i++) call();
        System.Threading.Thread.Sleep(500);
        for (int i = 0; i < 1000; i++) call();
        var warm = new double[200];
        for (int i = 0; i < warm.Length; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            call();
            warm[i] = Microseconds(Stopwatch.GetTimestamp() - t0);
        }
        double later = Median(first[1..]), laterMax = first[1..].Max(), warmMedian = Median(warm);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {first[0]:F1} | {later:F3} | {laterMax:F3} | {warmMedian:F3} | {laterMax / warmMedian:F2} |"));
        return 0;
    }

    // Not TimeSpan: its 100 ns ticks are coarser than a small call.
    private static double Microseconds(long ticks) => ticks * 1e6 / Stopwatch.Frequency;

    private static double Median(IEnumerable<double> values)
    {
        var s = values.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }
}
