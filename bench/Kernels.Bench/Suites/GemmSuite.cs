using System.Numerics;
using BenchmarkDotNet.Attributes;
using Kernels.Bench.Workloads;

namespace Kernels.Bench.Suites;

/// <summary>
/// The methods every GEMM suite has: the naive triple loop (baseline; not run above 512³, see
/// <see cref="Workload{T}.NaiveSkippedInSuites"/>), Kernels on its default path, forced onto each lower path and on two
/// threads, and OpenBLAS on one thread. OpenBLAS is the serial build here, so <c>TwoThreads</c> is to be read against
/// <c>Kernels</c> (the "Time ÷ Kernels" column), not against <c>OpenBlas</c>.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public abstract class GemmSuite<T> : KernelSuite<T, GemmWorkload<T>> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The naive triple loop (GemmReference): the baseline.</summary>
    [Benchmark(Baseline = true)] public void Naive() => W.Naive();

    /// <summary>The naive loop in i-k-j order (rows of B and C contiguous); not run where <see cref="Naive"/> is not.</summary>
    [Benchmark] public void NaiveIkj() => W.NaiveIkj();

    /// <summary>The Kernels library on its default path (<see cref="Isa.Best"/>), one thread.</summary>
    [Benchmark] public void Kernels() => W.Kernels();

    /// <summary>The Kernels library forced onto the scalar path.</summary>
    [Benchmark] public void Scalar() => W.Kernels();

    /// <summary>The Kernels library forced onto the Vector128 path.</summary>
    [Benchmark] public void Vector128() => W.Kernels();

    /// <summary>The Kernels library forced onto the Vector256 path.</summary>
    [Benchmark] public void Vector256() => W.Kernels();

    /// <summary>The Kernels library forced onto the portable Vector&lt;T&gt; path.</summary>
    [Benchmark] public void VectorT() => W.Kernels();

    /// <summary>OpenBLAS on one thread, cblas_?gemm (cblas_?gemv for one row times a matrix); skipped when OpenBLAS is not installed.</summary>
    [Benchmark] public void OpenBlas() => W.OpenBlasGemm();

    /// <summary>OpenBLAS's cblas_?gemm where <see cref="OpenBlas"/> runs gemv (m = 1): the baseline is the faster of the two.
    /// Not run elsewhere (it would be the same call as <see cref="OpenBlas"/>).</summary>
    [Benchmark] public void OpenBlasGemm() => W.OpenBlasGemmOnly();

    /// <summary>OpenBLAS's cblas_?ger on a cleared C where k = 1 (an outer product): the baseline is the faster of it and
    /// <see cref="OpenBlas"/>. Not run elsewhere.</summary>
    [Benchmark] public void OpenBlasGer() => W.OpenBlasGer();

    /// <inheritdoc/>
    public override string? MethodSkipped(string method)
    {
        using (var w = Create())
        {
            if (method == nameof(OpenBlasGemm) && !w.UsesGemv) return "the same call as OpenBlas where m > 1";
            if (method == nameof(OpenBlasGer) && !w.UsesGer) return "ger computes a product only where k = 1";
        }
        return base.MethodSkipped(method);
    }

    /// <summary>The Kernels library on its default path with <c>maxDegreeOfParallelism: 2</c>.</summary>
    [Benchmark, Threads(2)] public void TwoThreads() => W.Kernels(2);
}
