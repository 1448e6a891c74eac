using System.Numerics;
using BenchmarkDotNet.Attributes;
using Kernels.Bench.Workloads;

namespace Kernels.Bench.Suites;

/// <summary>Square GEMM C = A·B (Kernels.Blas.Sgemm/Dgemm, one thread) against the naive loop and OpenBLAS.</summary>
/// <typeparam name="T">float or double.</typeparam>
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
public class GemmBenchmarks<T> : KernelSuite<T, GemmWorkload<T>> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The order n of the n×n×n product.</summary>
    [Params(64, 256, 1024)]
    public int N { get; set; }

    /// <inheritdoc/>
    protected override GemmWorkload<T> Create() => new(N);

    /// <summary>The naive triple loop (GemmReference): the baseline.</summary>
    [Benchmark(Baseline = true)] public void Naive() => W.Naive();

    /// <summary>The Kernels library on its default path (<see cref="Isa.Best"/>).</summary>
    [Benchmark] public void Kernels() => W.Kernels();

    /// <summary>The Kernels library forced onto the scalar path.</summary>
    [Benchmark] public void Scalar() => W.Kernels();

    /// <summary>The Kernels library forced onto the Vector128 path.</summary>
    [Benchmark] public void Vector128() => W.Kernels();

    /// <summary>The Kernels library forced onto the Vector256 path.</summary>
    [Benchmark] public void Vector256() => W.Kernels();

    /// <summary>OpenBLAS cblas_?gemm on one thread (skipped when OpenBLAS is not installed).</summary>
    [Benchmark] public void OpenBlas() => W.OpenBlasGemm();
}
