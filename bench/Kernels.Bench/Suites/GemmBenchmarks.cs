using System.Numerics;
using BenchmarkDotNet.Attributes;
using Kernels.Bench.Workloads;

namespace Kernels.Bench.Suites;

/// <summary>Square GEMM C = A·B (Kernels.Blas.Sgemm/Dgemm) from 2³ to 4096³ against the naive loop and OpenBLAS (the forced
/// lower paths not beyond 2048³, the naive loop not beyond 512³).</summary>
/// <typeparam name="T">float or double.</typeparam>
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
public class GemmBenchmarks<T> : GemmSuite<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The order n of the n×n×n product.</summary>
    [Params(2, 8, 16, 24, 32, 64, 128, 256, 512, 1000, 1024, 2048, 4096)]
    public int N { get; set; }

    /// <inheritdoc/>
    protected override GemmWorkload<T> Create() => new(N);
}
