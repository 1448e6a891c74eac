using System;
using System.Linq;
using System.Numerics;
using BenchmarkDotNet.Attributes;
using Kernels.Bench.Workloads;

namespace Kernels.Bench.Suites;

/// <summary>A suite that can say what one call of its benchmarks moves and computes, for the throughput columns.</summary>
public interface IProfiledSuite
{
    /// <summary>The profile of the current parameter values, computed without allocating the inputs.</summary>
    /// <returns>The profile.</returns>
    WorkProfile Describe();

    /// <summary>Why the naive loop is not run for the current parameter values (see <see cref="Workload{T}.NaiveSkippedInSuites"/>), or null.</summary>
    /// <returns>The reason, or null.</returns>
    string? NaiveSkipped();

    /// <summary>Why the benchmark method <paramref name="method"/> is not run for the current parameter values, or null when it is.</summary>
    /// <param name="method">The method's name.</param>
    /// <returns>The reason, or null.</returns>
    string? MethodSkipped(string method);
}

/// <summary>Marks a benchmark method that runs Kernels on this many threads, so its "% peak" is of that many cores' peak.</summary>
/// <param name="count">The degree of parallelism.</param>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ThreadsAttribute(int count) : Attribute
{
    /// <summary>The degree of parallelism.</summary>
    public int Count { get; } = count;
}

/// <summary>
/// The base of every BenchmarkDotNet suite: one <see cref="Workload{T}"/> per parameter set, and the same benchmark
/// method names everywhere, so setups, filters and columns work by name: <c>Naive</c> (the baseline), <c>Kernels</c>
/// (default path), <c>Scalar</c>, <c>Vector128</c>, <c>Vector256</c>, <c>VectorT</c> (forced paths), <c>TensorPrimitives</c>,
/// <c>OpenBlas</c>, <c>TwoPass</c>, <c>TwoThreads</c> (Kernels on its default path with a degree of parallelism of 2).
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
/// <typeparam name="TWorkload">The workload type.</typeparam>
/// <remarks>
/// A forced path is opened in the targeted global setup and closed in the cleanup, on the benchmark thread, so the timed
/// calls pay nothing for it. Before timing a Kernels method the setup checks its result against the naive loop under
/// the unit tests' bound and throws if it differs: a wrong kernel is never timed.
/// </remarks>
public abstract class KernelSuite<T, TWorkload> : IProfiledSuite
    where T : unmanaged, IFloatingPointIeee754<T>
    where TWorkload : Workload<T>
{
    private IsaScope _scope;

    /// <summary>The workload of the current parameter set (after the global setup).</summary>
    protected TWorkload W { get; private set; } = null!;

    /// <summary>Creates the workload for the current parameter values (without allocating it).</summary>
    /// <returns>The workload.</returns>
    protected abstract TWorkload Create();

    /// <inheritdoc/>
    public WorkProfile Describe()
    {
        using var w = Create();
        return w.Profile;
    }

    /// <inheritdoc/>
    public string? NaiveSkipped()
    {
        using var w = Create();
        return w.NaiveSkippedInSuites;
    }

    /// <inheritdoc/>
    public virtual string? MethodSkipped(string method)
    {
        using var w = Create();
        return method switch
        {
            "Naive" or "NaiveIkj" => w.NaiveSkippedInSuites,
            "Scalar" or "Vector128" or "Vector256" or "VectorT" => w.ForcedPathsSkippedInSuites,
            _ => null,
        };
    }

    /// <summary>Setup for the benchmarks that run on the default path.</summary>
    [GlobalSetup(Targets = new[] { "Naive", "Kernels", "TensorPrimitives", "TwoPass", "TwoThreads", "OnnxRuntimeRun", "OnnxRuntimePreallocated", "OnnxRuntimeIoBinding", "OnnxRuntimeSession" })]
    public void Setup() => Prepare(null);

    /// <summary>Setup for the OpenBLAS benchmarks: also checks OpenBLAS's results under the same bound (a wrong baseline is never timed).</summary>
    [GlobalSetup(Targets = new[] { "OpenBlas", "OpenBlasGemm", "OpenBlasGer" })]
    public void SetupOpenBlas()
    {
        // In BenchmarkDotNet's log: the kernels this process's OpenBLAS runs, and why.
        Console.WriteLine("// OpenBLAS: " + Native.OpenBlas.Description);
        Prepare(null);
        foreach (var alternative in W.Alternatives().Where(v => v.Kind == VariantKind.OpenBlas))
        {
            var result = W.CheckAlternative(alternative);
            if (!result.Passed)
                throw new InvalidOperationException($"{W.Profile.Id}: {alternative.Name} does not match the naive loop: {result}");
        }
    }

    /// <summary>Setup for <c>Scalar</c>: forces the scalar path.</summary>
    [GlobalSetup(Target = "Scalar")]
    public void SetupScalar() => Prepare(IsaPath.Scalar);

    /// <summary>Setup for <c>Vector128</c>: forces the Vector128 path.</summary>
    [GlobalSetup(Target = "Vector128")]
    public void SetupVector128() => Prepare(IsaPath.Vector128);

    /// <summary>Setup for <c>Vector256</c>: forces the Vector256 path.</summary>
    [GlobalSetup(Target = "Vector256")]
    public void SetupVector256() => Prepare(IsaPath.Vector256);

    /// <summary>Setup for <c>VectorT</c>: forces the portable Vector&lt;T&gt; path.</summary>
    [GlobalSetup(Target = "VectorT")]
    public void SetupVectorT() => Prepare(IsaPath.VectorT);

    /// <summary>Closes the forced path and frees the inputs.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _scope.Dispose();
        _scope = default;
        W?.Dispose();
    }

    private void Prepare(IsaPath? path)
    {
        W = Create();
        W.Allocate();
        var result = W.Check(path);
        if (!result.Passed)
            throw new InvalidOperationException($"{W.Profile.Id} on {path?.ToString() ?? "the default path"} does not match the naive loop: {result}");
        if (path is { } p)
            _scope = Isa.Force(p);
    }
}
