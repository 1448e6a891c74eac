using System.Numerics;
using BenchmarkDotNet.Attributes;
using Kernels.Bench.Workloads;

namespace Kernels.Bench.Suites;

/// <summary>
/// GEMM at dense-layer shapes: a batch of <see cref="Batch"/> samples through a 784→256 layer (forward: batch×256×784),
/// as the MLP uses it, against OpenBLAS.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
[GenericTypeArguments(typeof(float))]
public class GemmMlpBenchmarks<T> : KernelSuite<T, GemmWorkload<T>> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The batch size (rows of A and C).</summary>
    [Params(1, 32, 128)]
    public int Batch { get; set; }

    /// <inheritdoc/>
    protected override GemmWorkload<T> Create() => new("Gemm.Mlp", Batch, 256, 784);

    /// <summary>The naive triple loop (GemmReference): the baseline.</summary>
    [Benchmark(Baseline = true)] public void Naive() => W.Naive();

    /// <summary>The Kernels library on its default path.</summary>
    [Benchmark] public void Kernels() => W.Kernels();

    /// <summary>OpenBLAS cblas_?gemm on one thread (skipped when OpenBLAS is not installed).</summary>
    [Benchmark] public void OpenBlas() => W.OpenBlasGemm();
}
