using System;
using System.Linq;
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

        // The naive loop is left out where one call would take seconds; say so, so an absent ratio is not read as a failure.
        var skipped = summary.BenchmarksCases
            .Where(c => c.Descriptor.WorkloadMethod.Name == "Kernels")
            .Select(c => (Case: c, Reason: ThroughputColumn.SuiteOf(c)?.NaiveSkipped()))
            .Where(x => x.Reason is not null)
            .DistinctBy(x => x.Case.Descriptor.Type.Name + " " + x.Case.Parameters.DisplayInfo)
            .ToList();
        if (skipped.Count == 0) return;
        logger.WriteLine();
        logger.WriteLine("Naive (the baseline) not run, so no Ratio, for:");
        foreach (var (c, reason) in skipped)
            logger.WriteLine($"- {c.Descriptor.Type.Name} {c.Parameters.DisplayInfo}: {reason}");
    }
}
