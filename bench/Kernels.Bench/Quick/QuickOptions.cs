using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace Kernels.Bench.Quick;

/// <summary>Options of the quick mode, parsed from <c>--quick [--smoke] [--out DIR] [--filter TEXT]… [--no-chart]</c>.</summary>
/// <param name="Smoke">The minimal configuration: one small size per kernel and a handful of samples (seconds, for CI).</param>
/// <param name="OutputDirectory">Where results.json, results.md and the chart go.</param>
/// <param name="Filters">When not empty, only cases whose identifier contains one of them (case-insensitive; <c>*</c> ignored).</param>
/// <param name="Chart">Whether to write the PNG chart.</param>
internal sealed record QuickOptions(bool Smoke, string OutputDirectory, IReadOnlyList<string> Filters, bool Chart)
{
    public static QuickOptions Parse(string[] args, DateTimeOffset started)
    {
        bool smoke = false, chart = true;
        string? output = null;
        var filters = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick": break;
                case "--smoke": smoke = true; break;
                case "--no-chart": chart = false; break;
                case "--out" when i + 1 < args.Length: output = args[++i]; break;
                case "--filter" when i + 1 < args.Length: filters.Add(args[++i].Replace("*", "", StringComparison.Ordinal)); break;
                default: throw new ArgumentException($"Unknown quick-mode option '{args[i]}'. Options: --smoke, --out DIR, --filter TEXT, --no-chart.");
            }
        }
        output ??= Path.Combine("bench-results",
            started.ToLocalTime().ToString("yyyy-MM-dd'T'HH-mm-ss", CultureInfo.InvariantCulture) + (smoke ? "-smoke" : ""));
        return new QuickOptions(smoke, output, filters, chart);
    }
}
