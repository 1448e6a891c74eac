using System;
using System.ComponentModel;
using System.Diagnostics;

namespace Kernels.Bench.Quick;

/// <summary>
/// Runs the quick mode in a child process with tiered compilation off (<c>DOTNET_TieredCompilation=0</c>), so every
/// method is compiled fully optimized on first use.
/// </summary>
/// <remarks>
/// Measured here: with tiering on, kernels sampled for a second or two were sometimes still running tier-0 code (sigmoid
/// at 18.8 µs instead of 1.4 µs for 3072 floats, differing from run to run), because a two-minute harness cannot wait
/// for the tiering heuristics the way BenchmarkDotNet's warm-up does. The BenchmarkDotNet suites keep the runtime's
/// defaults. Setting <c>DOTNET_TieredCompilation</c> yourself (to anything) disables the relaunch.
/// </remarks>
internal static class OptimizedRelaunch
{
    private const string Variable = "DOTNET_TieredCompilation";

    /// <summary>When the relaunch applies, runs this program again with the same arguments and returns its exit code.</summary>
    public static int? TryRun(string[] args)
    {
        if (Environment.GetEnvironmentVariable(Variable) is not null || Environment.ProcessPath is not { } exe)
            return null;
        var start = new ProcessStartInfo(exe) { UseShellExecute = false };
        if (!exe.EndsWith("Kernels.Bench", StringComparison.OrdinalIgnoreCase) && !exe.EndsWith("Kernels.Bench.exe", StringComparison.OrdinalIgnoreCase))
        {
            // Started as 'dotnet Kernels.Bench.dll': pass the entry assembly on.
            start.ArgumentList.Add(typeof(OptimizedRelaunch).Assembly.Location);
        }
        foreach (string a in args) start.ArgumentList.Add(a);
        start.Environment[Variable] = "0";
        try
        {
            using var child = Process.Start(start) ?? throw new Win32Exception($"Could not start {exe}.");
            child.WaitForExit();
            return child.ExitCode;
        }
        catch (Win32Exception e)
        {
            // E.g. under qemu user-mode emulation, where the executable cannot be started directly.
            Console.Error.WriteLine($"note: could not rerun with {Variable}=0 ({e.Message}); running in this process with " +
                                    "tiered compilation on, so early samples may include unoptimized code. Set the variable yourself to avoid this.");
            return null;
        }
    }
}
