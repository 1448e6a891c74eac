using System;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Kernels.Bench.Quick;

namespace Kernels.Bench.Suites;

/// <summary>
/// "Time ÷ Kernels": a benchmark's median divided by the median of <c>Kernels</c> (the default path, one thread) with the
/// same parameters and job — the quick table's "Others (time ÷ SIMD)". Above 1× Kernels is faster; for <c>TwoThreads</c> it
/// is the inverse of the speed-up over one thread.
/// </summary>
public sealed class TimeOverKernelsColumn : IColumn
{
    /// <summary>The column.</summary>
    public static IColumn Instance { get; } = new TimeOverKernelsColumn();

    private TimeOverKernelsColumn() { }

    /// <inheritdoc/>
    public string Id => "KernelsTimeOverKernels";

    /// <inheritdoc/>
    public string ColumnName => "Time ÷ Kernels";

    /// <inheritdoc/>
    public bool AlwaysShow => true;

    /// <inheritdoc/>
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc/>
    public int PriorityInCategory => 2;

    /// <inheritdoc/>
    public bool IsNumeric => true;

    /// <inheritdoc/>
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc/>
    public string Legend => "This benchmark's median ÷ the median of Kernels (default path, one thread) with the same parameters and job: above 1 Kernels is faster";

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        var kernels = summary.BenchmarksCases.FirstOrDefault(b =>
            b.Descriptor.Type == benchmarkCase.Descriptor.Type && b.Descriptor.WorkloadMethod.Name == "Kernels" &&
            b.Job.Id == benchmarkCase.Job.Id && b.Parameters.ValueInfo == benchmarkCase.Parameters.ValueInfo);
        double? own = summary[benchmarkCase]?.ResultStatistics?.Median;
        double? reference = kernels is null ? null : summary[kernels]?.ResultStatistics?.Median;
        return own is > 0 && reference is > 0 ? Format.Ratio(own.Value / reference.Value) : "-";
    }

    /// <inheritdoc/>
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}

/// <summary>A percentile of the measured iterations, with no outlier removed by the suite that uses it (p99 of single calls
/// when every iteration is one call).</summary>
/// <param name="percentile">0 to 100.</param>
public sealed class PercentileColumn(int percentile) : IColumn
{
    /// <inheritdoc/>
    public string Id => "KernelsP" + percentile.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public string ColumnName => "p" + percentile.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public bool AlwaysShow => true;

    /// <inheritdoc/>
    public ColumnCategory Category => ColumnCategory.Statistics;

    /// <inheritdoc/>
    public int PriorityInCategory => 100 + percentile;

    /// <inheritdoc/>
    public bool IsNumeric => true;

    /// <inheritdoc/>
    public UnitType UnitType => UnitType.Time;

    /// <inheritdoc/>
    public string Legend => $"{percentile}th percentile of the measured iterations (of single calls when each iteration is one call)";

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc/>
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var stats = summary[benchmarkCase]?.ResultStatistics;
        return stats is null ? "-" : Format.Time(stats.Percentiles.Percentile(percentile));
    }

    /// <inheritdoc/>
    public bool IsAvailable(Summary summary) => true;

    /// <inheritdoc/>
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
