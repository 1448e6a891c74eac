using System;
using System.Collections.Generic;
using System.Linq;
using Kernels.Bench.Machine;
using Kernels.Bench.Workloads;

namespace Kernels.Bench.Quick;

/// <summary>
/// One quick-mode run as written to <c>results.json</c>: the machine, its peaks, and every case with every variant's raw
/// samples (nanoseconds per call), so that a later run can be compared with it statistically.
/// </summary>
public sealed class BenchRun
{
    /// <summary>The format identifier; readers check it.</summary>
    public const string CurrentSchema = "kernels-bench-quick/1";

    /// <summary>The format of this file.</summary>
    public string Schema { get; init; } = CurrentSchema;

    /// <summary>When the run started.</summary>
    public DateTimeOffset Started { get; init; }

    /// <summary>How long it took, in seconds.</summary>
    public double ElapsedSeconds { get; set; }

    /// <summary><c>quick</c> or <c>smoke</c>.</summary>
    public string Mode { get; init; } = "quick";

    /// <summary>The machine.</summary>
    public MachineInfo Machine { get; init; } = null!;

    /// <summary>The measured peaks.</summary>
    public PeakResults Peaks { get; init; } = null!;

    /// <summary>Every case measured.</summary>
    public List<CaseResult> Cases { get; init; } = [];

    /// <summary>CPU used by other processes during the samples, in cores (NaN when unknown).</summary>
    public double OtherProcessesCores { get; set; } = double.NaN;

    /// <summary>Notes for the reader (skipped comparisons and the like).</summary>
    public List<string> Notes { get; init; } = [];

    /// <summary>The OpenBLAS the run compares with (null in results written before it was recorded, or without OpenBLAS).</summary>
    public BaselineInfo? Baseline { get; init; }

    /// <summary>The baseline's name for tables: <c>OpenBLAS 0.3.21 Zen</c>, or <c>OpenBLAS</c> when the run does not say.</summary>
    public string BaselineName => Baseline?.Name ?? "OpenBLAS";
}

/// <summary>The OpenBLAS a run compares with: which build, which kernels, and why those.</summary>
public sealed class BaselineInfo
{
    /// <summary><c>OpenBLAS 0.3.21 Zen</c>: version and the core whose kernels ran, as the library reported them.</summary>
    public string Name { get; init; } = "";

    /// <summary>The version, e.g. <c>0.3.21</c>.</summary>
    public string? Version { get; init; }

    /// <summary>The core (<c>openblas_get_corename</c>).</summary>
    public string? Core { get; init; }

    /// <summary>What <c>openblas_get_config</c> said.</summary>
    public string? Config { get; init; }

    /// <summary>Who chose the core.</summary>
    public Native.CoreSource Source { get; init; }

    /// <summary>Why that core.</summary>
    public string? Reason { get; init; }

    /// <summary>A warning about the core (asked for one, got another), or null.</summary>
    public string? Note { get; init; }

    /// <summary>The loaded OpenBLAS, or null when there is none.</summary>
    /// <returns>The description.</returns>
    public static BaselineInfo? Current() => Native.OpenBlas.IsAvailable
        ? new BaselineInfo
        {
            Name = Native.OpenBlas.Name, Version = Native.OpenBlas.Version, Core = Native.OpenBlas.Core, Config = Native.OpenBlas.Config,
            Source = Native.OpenBlas.Choice?.Source ?? Native.CoreSource.NotAsked, Reason = Native.OpenBlas.Choice?.Reason,
            Note = Native.OpenBlas.CoreNote,
        }
        : null;
}

/// <summary>One kernel at one shape: its profile, the correctness checks, and the timings of every variant.</summary>
public sealed class CaseResult
{
    /// <summary>Stable identifier, <c>kernel/type/shape</c>.</summary>
    public string Id { get; init; } = "";

    /// <summary>What a call moves and computes.</summary>
    public WorkProfile Profile { get; init; }

    /// <summary>The Kernels results on each measured path, compared with the naive result on the same inputs.</summary>
    public List<CheckResult> Checks { get; init; } = [];

    /// <summary>The timings.</summary>
    public List<VariantResult> Variants { get; init; } = [];

    /// <summary>The variant named <paramref name="name"/>, or null.</summary>
    /// <param name="name">The variant name.</param>
    /// <returns>The variant.</returns>
    public VariantResult? Variant(string name) => Variants.FirstOrDefault(v => v.Name == name);

    /// <summary>Whether every check passed.</summary>
    public bool AllChecksPassed => Checks.All(c => c.Passed);

    /// <summary>For the cases that report it (<see cref="IWorkload.ReportsLatency"/>), single-call latencies of Kernels on its default path; else null.</summary>
    public LatencyResult? Latency { get; set; }

    /// <summary>Single-call latencies of the ONNX Runtime variants, by variant name, where <see cref="Latency"/> is measured.</summary>
    public Dictionary<string, LatencyResult> OtherLatencies { get; init; } = [];
}

/// <summary>
/// The distribution of single-call latencies: many calls, each timed on its own, back to back on a warm process
/// (nearest-rank percentiles).
/// </summary>
public sealed class LatencyResult
{
    /// <summary>Calls timed.</summary>
    public int Calls { get; init; }

    /// <summary>The fastest call, in nanoseconds.</summary>
    public double MinNs { get; init; }

    /// <summary>The median call.</summary>
    public double P50Ns { get; init; }

    /// <summary>90th percentile.</summary>
    public double P90Ns { get; init; }

    /// <summary>99th percentile.</summary>
    public double P99Ns { get; init; }

    /// <summary>99.9th percentile.</summary>
    public double P999Ns { get; init; }

    /// <summary>The slowest call.</summary>
    public double MaxNs { get; init; }

    /// <summary>The mean.</summary>
    public double MeanNs { get; init; }

    /// <summary>Bytes allocated per call over the run (0 for a kernel that allocates nothing).</summary>
    public double AllocatedBytesPerCall { get; init; }

    /// <summary>
    /// The same statistics for a spin loop (a chain of multiply-adds, no memory traffic) calibrated to the same median and
    /// timed alternately with the kernel: the tail this machine adds to any call of that length; null for the spin itself.
    /// </summary>
    public LatencyResult? MachineSpin { get; init; }

    /// <summary>Summarises raw latencies.</summary>
    /// <param name="latenciesNs">One value per call, in nanoseconds; not empty.</param>
    /// <param name="allocatedBytesPerCall">Bytes allocated per call.</param>
    /// <param name="machineSpin">The spin loop's statistics, or null.</param>
    /// <returns>The summary.</returns>
    public static LatencyResult From(IReadOnlyList<double> latenciesNs, double allocatedBytesPerCall, LatencyResult? machineSpin)
    {
        var s = latenciesNs.Order().ToArray();
        double P(double q) => s[Math.Clamp((int)Math.Ceiling(q * s.Length) - 1, 0, s.Length - 1)];
        return new LatencyResult
        {
            Calls = s.Length, MinNs = s[0], P50Ns = P(0.5), P90Ns = P(0.9), P99Ns = P(0.99), P999Ns = P(0.999), MaxNs = s[^1],
            MeanNs = s.Average(), AllocatedBytesPerCall = allocatedBytesPerCall, MachineSpin = machineSpin,
        };
    }
}

/// <summary>A check of the Kernels result on one path, or of the baseline's, against the naive loop.</summary>
/// <param name="Path">The path (<c>default</c> or a forced one), or the baseline's variant name (<c>OpenBLAS 0.3.21 Zen</c>).</param>
/// <param name="Passed">Whether every element was within the bound.</param>
/// <param name="Detail">The comparison's report: bound, worst element, ULP histogram.</param>
public sealed record CheckResult(string Path, bool Passed, string Detail);

/// <summary>The timings of one variant of a case.</summary>
public sealed class VariantResult
{
    /// <summary>The variant's name (see <see cref="Variant"/>).</summary>
    public string Name { get; init; } = "";

    /// <summary>Who wrote it.</summary>
    public VariantKind Kind { get; init; }

    /// <summary>Calls timed together in one sample.</summary>
    public int CallsPerSample { get; init; }

    /// <summary>Nanoseconds per call, one value per sample, in the order taken.</summary>
    public List<double> SamplesNs { get; init; } = [];

    /// <summary>The median of <see cref="SamplesNs"/> (NaN when not timed).</summary>
    public double MedianNs { get; set; }

    /// <summary>The most bytes a sample allocated, per call (0 for a kernel that allocates nothing).</summary>
    public double AllocatedBytesPerCall { get; init; }

    /// <summary>Why the variant was not timed, or null.</summary>
    public string? Note { get; init; }

    /// <summary>For Kernels variants of the kernels that say (GEMM), how the library computes the case on that path; else null.</summary>
    public KernelPlan? Plan { get; init; }
}
