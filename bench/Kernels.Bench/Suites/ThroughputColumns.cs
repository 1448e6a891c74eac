using System;
using System.Collections.Concurrent;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Kernels.Bench.Machine;
using Kernels.Bench.Quick;
using Kernels.Bench.Workloads;

namespace Kernels.Bench.Suites;

/// <summary>
/// BenchmarkDotNet columns computed from a suite's <see cref="WorkProfile"/> and the median time: throughput (GB/s, or
/// GFLOPS for compute-bound kernels) and the fraction of the machine's measured peak (<see cref="Peaks"/>, measured once
/// in the host process after the benchmarks ran).
/// </summary>
public sealed class ThroughputColumn : IColumn
{
    private static readonly ConcurrentDictionary<BenchmarkCase, IProfiledSuite?> s_suites = new();
    private static readonly Lazy<PeakResults> s_peaks = new(() => Peaks.Measure(false, Enum.GetValues<MemoryLevel>()));
    private readonly bool _fraction;

    private ThroughputColumn(bool fraction) => _fraction = fraction;

    /// <summary>GB/s or GFLOPS.</summary>
    public static IColumn Throughput { get; } = new ThroughputColumn(false);

    /// <summary>Percentage of the measured peak.</summary>
    public static IColumn PeakFraction { get; } = new ThroughputColumn(true);

    /// <summary>The peaks used, measured on first use.</summary>
    public static PeakResults MeasuredPeaks => s_peaks.Value;

    /// <inheritdoc/>
    public string Id => _fraction ? "KernelsPeakFraction" : "KernelsThroughput";

    /// <inheritdoc/>
    public string ColumnName => _fraction ? "% peak" : "Throughput";

    /// <inheritdoc/>
    public bool AlwaysShow => true;

    /// <inheritdoc/>
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc/>
    public int PriorityInCategory => _fraction ? 1 : 0;

    /// <inheritdoc/>
    public bool IsNumeric => false;

    /// <inheritdoc/>
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc/>
    public string Legend => _fraction
        ? "Throughput as a share of the peak measured on this machine: bandwidth at the same memory level and access pattern, or FMA throughput"
        : "Bytes a call must move per second (GB/s), or floating-point operations per second (GFLOPS)";

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(summary);
        double? median = summary[benchmarkCase]?.ResultStatistics?.Median;
        if (median is not > 0 || SuiteOf(benchmarkCase)?.Describe() is not { } profile) return "-";
        if (benchmarkCase.Descriptor.WorkloadMethod.GetCustomAttributes(typeof(ThreadsAttribute), false) is [ThreadsAttribute threads, ..])
            profile = profile with { Threads = threads.Count };
        var (text, fraction) = QuickTable.Throughput(profile, median.Value, s_peaks.Value);
        return _fraction ? Format.Percent(fraction) : text;
    }

    /// <inheritdoc/>
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <summary>An instance of the case's suite with the case's parameter values (cached), or null when the suite is not profiled.</summary>
    /// <param name="benchmarkCase">The case.</param>
    /// <returns>The suite, whose workload is not allocated.</returns>
    internal static IProfiledSuite? SuiteOf(BenchmarkCase benchmarkCase) => s_suites.GetOrAdd(benchmarkCase, static bc =>
    {
        var type = bc.Descriptor.Type;
        if (!typeof(IProfiledSuite).IsAssignableFrom(type)) return null;
        var suite = (IProfiledSuite)Activator.CreateInstance(type)!;
        foreach (var p in bc.Parameters.Items.Where(p => !p.IsArgument))
        {
            var property = type.GetProperty(p.Name);
            if (property is not null) property.SetValue(suite, p.Value);
            else type.GetField(p.Name)?.SetValue(suite, p.Value);
        }
        return suite;
    });
}
