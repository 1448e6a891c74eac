using System.Linq;
using System.Runtime.Intrinsics.X86;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Kernels.Bench.Native;

namespace Kernels.Bench.Suites;

/// <summary>
/// The BenchmarkDotNet configuration of every suite: the default job, plus, on a CPU with AVX-512, a job with
/// <c>DOTNET_EnableAVX512=0</c> that reruns the Kernels and TensorPrimitives benchmarks as on an AVX2-only CPU (both
/// take their 512-bit paths by default; on .NET 10 it is
/// <c>DOTNET_EnableAVX512</c>, not <c>DOTNET_EnableAVX512F</c>, that turns Vector512 acceleration off). Memory diagnoser,
/// median, throughput and %-of-peak columns, and the full JSON export (raw measurements, for <c>--compare</c>).
/// </summary>
public static class BenchConfig
{
    /// <summary>The job id of the AVX-512-off job.</summary>
    public const string NoAvx512JobId = "NoAVX512";

    /// <summary>Creates the configuration.</summary>
    /// <param name="args">The command line: when it names a job (<c>--job</c>, <c>-j</c>), that job alone is run, as
    /// BenchmarkDotNet would; add <c>--envVars DOTNET_EnableAVX512:0</c> for the equal-width comparison then.</param>
    /// <returns>The configuration.</returns>
    public static IConfig Create(string[] args)
    {
        var config = DefaultConfig.Instance
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(StatisticColumn.Median, ThroughputColumn.Throughput, ThroughputColumn.PeakFraction, TimeOverKernelsColumn.Instance)
            .AddExporter(JsonExporter.Full, new MachineMarkdownExporter())
            .AddFilter(new SimpleFilter(Runnable));
        bool jobGiven = args.Any(a => a is "--job" or "-j" || a.StartsWith("--job=", System.StringComparison.Ordinal));
        if (!jobGiven)
        {
            config = config.AddJob(Job.Default.WithId("Default"));
            if (Avx512F.IsSupported)
                config = config.AddJob(Job.Default.WithEnvironmentVariable("DOTNET_EnableAVX512", "0").WithId(NoAvx512JobId));
        }
        return config;
    }

    // Drops forced paths this machine lacks, OpenBLAS when it is not installed, the naive loop and the forced paths where
    // the workload says they would take minutes (the naive loop's listed in the report), OpenBlasGemm where it is OpenBlas's
    // call, and everything but Kernels and TensorPrimitives from the AVX-512-off job.
    private static bool Runnable(BenchmarkCase c)
    {
        string method = c.Descriptor.WorkloadMethod.Name;
        if (method is "Scalar" or "Vector128" or "Vector256" or "VectorT" && !Isa.IsSupported(System.Enum.Parse<IsaPath>(method))) return false;
        if (method.StartsWith("OpenBlas", System.StringComparison.Ordinal) && !OpenBlas.IsAvailable) return false;
        if (ThroughputColumn.SuiteOf(c)?.MethodSkipped(method) is not null) return false;
        if (c.Job.Id == NoAvx512JobId) return method is "Kernels" or "TensorPrimitives";
        return true;
    }
}
