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
}

/// <summary>A check of the Kernels result on one path against the naive loop.</summary>
/// <param name="Path">The path (<c>default</c> or a forced one).</param>
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
}
