using System;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using Kernels.Bench.Machine;

namespace Kernels.Bench.Suites;

/// <summary>
/// The GitHub-flavoured Markdown report with the machine description and the measured peaks on top
/// (<c>*-report-kernels.md</c> in BenchmarkDotNet's results folder).
/// </summary>
public sealed class MachineMarkdownExporter : ExporterBase
{
    /// <inheritdoc/>
    protected override string FileExtension => "md";

    /// <inheritdoc/>
    protected override string FileCaption => "report-kernels";

    /// <inheritdoc/>
    public override void ExportToLog(Summary summary, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        logger.WriteLine("## Machine");
        foreach (string line in MachineInfo.Detect().ToMarkdownLines()) logger.WriteLine(line);
        logger.WriteLine();
        logger.WriteLine("## Measured peaks (one core)");
        foreach (string line in ThroughputColumn.MeasuredPeaks.ToMarkdownLines()) logger.WriteLine(line);
        logger.WriteLine();
        MarkdownExporter.GitHub.ExportToLog(summary, logger);
    }
}
