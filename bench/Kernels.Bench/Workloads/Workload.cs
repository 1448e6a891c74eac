using System;
using System.Collections.Generic;
using System.Numerics;
using Kernels.Bench.Machine;
using Kernels.Testing;

namespace Kernels.Bench.Workloads;

/// <summary>What one call of a benchmarked kernel does, for the throughput and %-of-peak columns.</summary>
/// <param name="Kernel">The kernel's name in tables, e.g. <c>Hadamard</c>.</param>
/// <param name="Shape">The problem shape, e.g. <c>n=2048</c> or <c>256×256</c>.</param>
/// <param name="Type">The element type, <c>float</c> or <c>double</c>.</param>
/// <param name="Level">The memory level the working set lives in.</param>
/// <param name="Pattern">The access pattern, which picks the bandwidth peak.</param>
/// <param name="Bytes">Bytes a call must move at least (each input read once, each output written once).</param>
/// <param name="Flops">Floating-point operations a call performs (0 where not meaningful, e.g. transcendental functions).</param>
/// <param name="Metric">Whether the kernel is judged by bandwidth or by FLOPS.</param>
/// <param name="Threads">Threads a Kernels call may use (1 unless the case is a multi-threaded one): "% of peak" divides by
/// this many cores' peak.</param>
public readonly record struct WorkProfile(
    string Kernel, string Shape, string Type, MemoryLevel Level, AccessPattern Pattern, double Bytes, double Flops, PerformanceMetric Metric,
    int Threads = 1)
{
    /// <summary>A stable identifier for comparisons across runs: kernel, type and shape.</summary>
    public string Id => $"{Kernel}/{Type}/{Shape}";
}

/// <summary>Who wrote the code a variant runs.</summary>
public enum VariantKind
{
    /// <summary>The naive loop: the scalar reference in <c>Kernels.Testing.Reference</c>.</summary>
    Naive,

    /// <summary>The Kernels library, on its default path or a forced one.</summary>
    Kernels,

    /// <summary>The unfused sequence a fused Kernels kernel replaces (two passes).</summary>
    TwoPass,

    /// <summary>System.Numerics.Tensors.TensorPrimitives.</summary>
    TensorPrimitives,

    /// <summary>OpenBLAS through P/Invoke.</summary>
    OpenBlas,

    /// <summary>Kernels on one thread: the reference a multi-threaded case is compared with.</summary>
    OneThread,

    /// <summary>Another plain scalar loop for the same result (GEMM in i-k-j order): a second naive baseline.</summary>
    OtherLoop,

    /// <summary>ONNX Runtime (Microsoft.ML.OnnxRuntime) running the same model file.</summary>
    OnnxRuntime,
}

/// <summary>One way of computing a workload: its name in tables, who wrote it, the forced ISA path (Kernels only) and the call.</summary>
/// <param name="Name">The name: <c>naive</c>, <c>kernels</c>, <c>kernels/Vector128</c>, <c>TensorPrimitives</c>, <c>OpenBLAS</c>, <c>two-pass</c>.</param>
/// <param name="Kind">Who wrote it.</param>
/// <param name="Path">For Kernels variants, the path forced around the call; null for the default path and for others.</param>
/// <param name="Run">One call.</param>
public sealed record Variant(string Name, VariantKind Kind, IsaPath? Path, Action Run);

/// <summary>How the library computes a case on one path, where it can say (GEMM: <c>Gemm.Explain</c>).</summary>
/// <param name="Route">The route, e.g. <c>Blocked</c>, <c>Tiny</c>.</param>
/// <param name="Kernel">The micro-kernel, e.g. <c>Vector256Tile6x2</c>; empty for the routes that have none.</param>
/// <param name="Text">The whole plan in one line.</param>
public sealed record KernelPlan(string Route, string Kernel, string Text)
{
    /// <summary>The kernel, or the route when there is no kernel: what a legend names.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Short => Kernel.Length > 0 ? Kernel : Route;
}

/// <summary>
/// A benchmark case without its element type: what the quick mode's runner needs (see <see cref="Workload{T}"/>).
/// </summary>
public interface IWorkload : IDisposable
{
    /// <summary>What a call moves and computes.</summary>
    WorkProfile Profile { get; }

    /// <summary>How long the naive loop took when <see cref="Check"/> first ran it (or an estimate), in nanoseconds; NaN before.</summary>
    double NaiveCallNs { get; }

    /// <summary>Whether the portable <see cref="IsaPath.VectorT"/> path is timed too (it is left out by default: for most kernels it
    /// runs the same loop as one of the explicit paths).</summary>
    bool TimesPortablePath { get; }

    /// <summary>Whether the quick mode also times many single calls of <see cref="Kernels"/> one by one and reports latency percentiles
    /// (for kernels a service calls once per request).</summary>
    bool ReportsLatency { get; }

    /// <summary>Whether the quick mode times the naive loops (<see cref="VariantKind.Naive"/>, <see cref="VariantKind.OtherLoop"/>)
    /// even when one call exceeds the mode's per-call limit (then in the mode's minimum number of rounds, one call per
    /// sample): for the one case whose target is stated against them.</summary>
    bool TimesSlowNaive { get; }

    /// <summary>Whether the kernel has a 512-bit body of its own (GEMM's 512-bit tiles, the TensorPrimitives hand-off of exact
    /// element-wise operations), so that on the Vector512 path the quick mode also times the Vector256 path; other kernels
    /// run the same 256-bit code on both.</summary>
    bool HasVector512Body { get; }

    /// <summary>Whether the quick mode times Kernels forced onto the lower paths too (false where one such call takes seconds).</summary>
    bool TimesForcedPaths { get; }

    /// <summary>Creates the inputs and outputs.</summary>
    void Allocate();

    /// <summary>One call of the naive loop (the baseline).</summary>
    void Naive();

    /// <summary>One call of the Kernels library on <see cref="Isa.Current"/>.</summary>
    void Kernels();

    /// <summary>The alternatives to compare with, possibly none.</summary>
    /// <returns>The variants.</returns>
    IEnumerable<Variant> Alternatives();

    /// <summary>Runs the Kernels call on <paramref name="path"/> (null: the default) and compares its result with the naive loop's.</summary>
    /// <param name="path">The path to force, or null.</param>
    /// <returns>The comparison.</returns>
    ComparisonResult Check(IsaPath? path);

    /// <summary>Runs an alternative (OpenBLAS) once and compares its result with the naive loop's under the same bound as
    /// Kernels': the baseline is checked too, so that a comparison is never made against wrong results.</summary>
    /// <param name="alternative">One of <see cref="Alternatives"/>.</param>
    /// <returns>The comparison.</returns>
    ComparisonResult CheckAlternative(Variant alternative);

    /// <summary>How Kernels computes this case on <see cref="Isa.Current"/>, or null where the library does not say.</summary>
    /// <returns>The plan.</returns>
    KernelPlan? Plan();
}

/// <summary>
/// One benchmark case: a kernel at one shape with its inputs, the naive loop, the Kernels call, the alternatives
/// (TensorPrimitives, OpenBLAS, two unfused passes) and the check of the Kernels result against the naive one. The
/// BenchmarkDotNet suites and the quick mode both run these, so each kernel's benchmark is written once.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
/// <remarks>
/// Construction only computes the <see cref="Profile"/>; <see cref="Allocate"/> creates the inputs (from fixed seeds,
/// 64-byte aligned), <see cref="IDisposable.Dispose"/> frees them.
/// </remarks>
public abstract class Workload<T> : IWorkload where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<IDisposable> _buffers = [];
    private T[]? _expected;

    /// <summary>The element type name used in tables and identifiers.</summary>
    protected static string TypeName => typeof(T) == typeof(float) ? "float" : typeof(T) == typeof(double) ? "double" : typeof(T).Name;

    /// <summary>Size of one element in bytes.</summary>
    protected static int ElementSize => System.Runtime.CompilerServices.Unsafe.SizeOf<T>();

    /// <summary>What a call moves and computes.</summary>
    public abstract WorkProfile Profile { get; }

    /// <summary>Creates the inputs and outputs.</summary>
    public abstract void Allocate();

    /// <summary>One call of the naive loop (the baseline).</summary>
    public abstract void Naive();

    /// <summary>One call of the Kernels library on <see cref="Isa.Current"/>.</summary>
    public abstract void Kernels();

    /// <summary>The alternatives to compare with (TensorPrimitives, OpenBLAS when installed, two passes), possibly none.</summary>
    /// <returns>The variants.</returns>
    public virtual IEnumerable<Variant> Alternatives() => [];

    /// <inheritdoc/>
    public virtual bool TimesPortablePath => false;

    /// <inheritdoc/>
    public virtual bool ReportsLatency => false;

    /// <inheritdoc/>
    public virtual bool TimesSlowNaive => false;

    /// <inheritdoc/>
    public virtual bool HasVector512Body => false;

    /// <inheritdoc/>
    public virtual bool TimesForcedPaths => true;

    /// <summary>
    /// Why the BenchmarkDotNet suites do not run Kernels forced onto the lower paths for this case (one call would take
    /// tens of seconds there), or null when they do.
    /// </summary>
    public virtual string? ForcedPathsSkippedInSuites => null;

    /// <inheritdoc/>
    public virtual KernelPlan? Plan() => null;

    /// <summary>
    /// Why the BenchmarkDotNet suites do not run the naive loop for this case (it would take minutes there), or null when
    /// they do. The quick mode times it regardless when one call fits its limit.
    /// </summary>
    public virtual string? NaiveSkippedInSuites => null;

    /// <summary>Restores any state a call updates in place (axpy's y, the rank-1 update's C), so a check starts from the inputs.</summary>
    public virtual void Reset() { }

    /// <summary>Copies the result of the last call.</summary>
    /// <returns>A fresh array.</returns>
    protected abstract T[] Output();

    /// <summary>Compares a Kernels result with the naive one under the bound the unit tests use for this kernel.</summary>
    /// <param name="expected">The naive result.</param>
    /// <param name="actual">The Kernels result.</param>
    /// <returns>The comparison.</returns>
    protected abstract ComparisonResult Compare(T[] expected, T[] actual);

    /// <summary>How long the naive loop took when <see cref="Check"/> first ran it (or an estimate), in nanoseconds; NaN before.</summary>
    public double NaiveCallNs { get; protected set; } = double.NaN;

    /// <summary>
    /// Runs the Kernels call on <paramref name="path"/> (null: the default) and compares its result with the naive loop's
    /// on the same inputs (the naive result is computed on the first check and kept).
    /// </summary>
    /// <param name="path">The path to force, or null.</param>
    /// <returns>The comparison.</returns>
    public virtual ComparisonResult Check(IsaPath? path)
    {
        if (_expected is null)
        {
            Reset();
            long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
            Naive();
            NaiveCallNs = System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalNanoseconds;
            _expected = Output();
        }
        Reset();
        using (path is { } p ? Isa.Force(p) : default)
            Kernels();
        T[] actual = Output();
        Reset();
        return Compare(_expected, actual);
    }

    /// <inheritdoc/>
    public virtual ComparisonResult CheckAlternative(Variant alternative)
    {
        ArgumentNullException.ThrowIfNull(alternative);
        if (_expected is null) Check(null);
        Reset();
        alternative.Run();
        T[] actual = Output();
        Reset();
        return Compare(_expected!, actual);
    }

    /// <summary>Allocates an aligned buffer owned by this workload.</summary>
    /// <param name="length">Elements.</param>
    /// <returns>The buffer.</returns>
    protected Native.AlignedBuffer<T> Buffer(int length)
    {
        var b = new Native.AlignedBuffer<T>(length);
        _buffers.Add(b);
        return b;
    }

    /// <summary>Allocates an aligned buffer filled with values uniform in [<paramref name="min"/>, <paramref name="max"/>) from <paramref name="seed"/>.</summary>
    /// <param name="length">Elements.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="min">Lower end.</param>
    /// <param name="max">Upper end.</param>
    /// <returns>The buffer.</returns>
    protected Native.AlignedBuffer<T> Uniform(int length, ulong seed, double min, double max)
    {
        var b = Buffer(length);
        TestData.FillUniform(b.Span, seed, min, max);
        return b;
    }

    /// <summary>Frees the buffers.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees the buffers.</summary>
    /// <param name="disposing">True from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (!disposing) return;
        foreach (var b in _buffers) b.Dispose();
        _buffers.Clear();
    }
}
