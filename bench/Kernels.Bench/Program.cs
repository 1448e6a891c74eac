using System;
using System.Linq;
using BenchmarkDotNet.Running;
using Kernels.Bench.Comparison;
using Kernels.Bench.Machine;
using Kernels.Bench.Quick;
using Kernels.Bench.Suites;

namespace Kernels.Bench;

/// <summary>
/// Entry point: <c>--quick</c> runs the quick mode, <c>--compare</c> compares two result sets,
/// <c>--first-calls</c> times each kernel's first calls in a fresh process,
/// <c>--machine</c> prints the machine description and peaks; anything else goes to BenchmarkDotNet's
/// <see cref="BenchmarkSwitcher"/> (<c>--filter *Hadamard*</c>, <c>--list flat</c>, job options…). With the quick mode,
/// <c>--machine</c> and BenchmarkDotNet, <c>--openblas-coretype NAME</c> picks OpenBLAS's kernels (<see cref="Native.OpenBlasCore"/>).
/// </summary>
public static class Program
{
    /// <summary>Runs the tool.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <returns>The exit code: 0 on success; 1 when a check failed, a regression was found or a benchmark failed; 2 on bad usage.</returns>
    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        try
        {
            if (args.Contains("--compare")) return CompareCommand.Run(args);
            if (args.Contains("--fashion-mnist")) return Scenarios.FashionMnistScenario.Run(args);
            if (args.Contains("--first-calls")) return Startup.FirstCallsCommand.Run(args);
            // The modes that compare with OpenBLAS: its core is chosen (or refused) before anything loads it.
            args = Native.OpenBlasCore.Configure(args);
            if (args.Contains("--quick")) return OptimizedRelaunch.TryRun(args) ?? QuickRunner.Run(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        if (args.Contains("--machine"))
        {
            foreach (string line in MachineInfo.Detect().ToMarkdownLines()) Console.WriteLine(line);
            foreach (string line in Peaks.Measure(false, Enum.GetValues<MemoryLevel>()).ToMarkdownLines()) Console.WriteLine(line);
            return 0;
        }

        foreach (string line in MachineInfo.Detect().ToMarkdownLines()) Console.WriteLine(line);
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, BenchConfig.Create(args)).ToList();
        bool failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
        return failed ? 1 : 0;
    }
}
