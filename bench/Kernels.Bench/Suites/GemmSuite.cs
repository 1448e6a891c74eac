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

    /// <summary>The Kernels library on its default path with <c>maxDegreeOfParallelism: 2</c>.</summary>
    [Benchmark, Threads(2)] public void TwoThreads() => W.Kernels(2);
}
