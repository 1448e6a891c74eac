using System.Numerics;
using BenchmarkDotNet.Attributes;
using Kernels.Bench.Machine;
using Kernels.Bench.Workloads;

namespace Kernels.Bench.Suites;

/// <summary>The rank-1 update C += α·x·yᵀ (MatrixOps.RankOneUpdate, BLAS ger).</summary>
/// <typeparam name="T">float or double.</typeparam>
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
public class RankOneUpdateBenchmarks<T> : KernelSuite<T, RankOneWorkload<T>> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The order n of the n×n matrix C.</summary>
    [Params(256, 1024, 4096)]
    public int N { get; set; }

    /// <inheritdoc/>
    protected override RankOneWorkload<T> Create() => new(N);

    /// <summary>The naive loop (scalar reference): the baseline.</summary>
    [Benchmark(Baseline = true)] public void Naive() => W.Naive();

    /// <summary>The Kernels library on its default path (<see cref="Isa.Best"/>).</summary>
    [Benchmark] public void Kernels() => W.Kernels();

    /// <summary>The Kernels library forced onto the scalar path.</summary>
    [Benchmark] public void Scalar() => W.Kernels();

    /// <summary>The Kernels library forced onto the Vector128 path.</summary>
    [Benchmark] public void Vector128() => W.Kernels();

    /// <summary>The Kernels library forced onto the Vector256 path.</summary>
    [Benchmark] public void Vector256() => W.Kernels();

    /// <summary>OpenBLAS cblas_?ger (skipped when OpenBLAS is not installed).</summary>
    [Benchmark] public void OpenBlas() => W.OpenBlasGer();

    /// <summary>TensorPrimitives.MultiplyAdd row by row.</summary>
    [Benchmark] public void TensorPrimitives() => W.TensorPrimitives();
}
