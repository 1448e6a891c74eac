using System.Numerics;
using BenchmarkDotNet.Attributes;
using Kernels.Bench.Workloads;

namespace Kernels.Bench.Suites;

/// <summary>Square GEMM C = A·B (Kernels.Blas.Sgemm/Dgemm) from 16³ to 2048³ against the naive loop and OpenBLAS.</summary>
/// <typeparam name="T">float or double.</typeparam>
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
public class GemmBenchmarks<T> : GemmSuite<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The order n of the n×n×n product.</summary>
    [Params(16, 32, 64, 128, 256, 512, 1024, 2048)]
    public int N { get; set; }

    /// <inheritdoc/>
    protected override GemmWorkload<T> Create() => new(N);
}
