using System;
using System.Numerics;
using Kernels.Testing;
using Xunit;

namespace Kernels.Tests;

/// <summary>
/// Every kernel, and GEMM on each of its routes, allocates nothing on the calling thread once warmed up (one call of a
/// given size sizes the per-thread packing buffers), on every ISA path.
/// </summary>
public class AllocationTests
{
    // One shape per GEMM route: tiny (the plain loop), small (unpacked; with a one-vector edge sliver read in place; with
    // a packed edge sliver), narrow C (B packed transposed, and B stored transposed), its few-rows transpose, the five
    // loops with packing, matrix–vector, rank-1 (k = 1), and two-thread splits (tile, narrow).
    private static readonly (bool Ta, bool Tb, int M, int N, int K, int Threads)[] GemmRoutes =
    [
        (false, false, 2, 3, 4, 1), (false, false, 16, 16, 16, 1), (false, false, 13, 24, 9, 1), (false, false, 13, 21, 9, 1), (false, false, 64, 10, 128, 1), (false, true, 64, 10, 128, 1), (true, true, 10, 64, 128, 1),
        (true, false, 150, 70, 300, 1), (false, false, 1, 256, 784, 1), (false, false, 200, 96, 1, 1), (false, true, 300, 260, 140, 2), (false, true, 3000, 10, 80, 2),
    ];

    [Fact]
    public void Kernels_and_every_gemm_route_allocate_nothing_after_warm_up()
    {
        foreach (IsaPath path in Isa.SupportedPaths)
            using (Isa.Force(path))
            {
                Check<float>(path);
                Check<double>(path);
            }
    }

    private static void Check<T>(IsaPath path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int n = 1000;
        var (x, y) = VectorCases.Inputs<T>(n, 7);
        var d = new T[n];
        var vectorCases = VectorCases.Build<T>();
        var matrixCases = MatrixCases.Build<T>();
        var matrix = new StridedMatrix<T>(9, 37, gap: 3, 11);
        var output = new StridedMatrix<T>(9, 37, gap: 3, 12);
        T[] u = new T[9], v = new T[37], outVector = new T[37];
        var gemms = Array.ConvertAll(GemmRoutes, r => new GemmProblem<T>(r.Ta, r.Tb, r.M, r.N, r.K, 0.7, 1.3, 5));
        var cs = Array.ConvertAll(gemms, p => p.NewC());

        void Round()
        {
            foreach (var c in vectorCases)
                c.Kernel(x, y, d);
            foreach (var c in matrixCases)
                c.Kernel(matrix.View, u, v, output.View, c.Output == MatrixOutput.RowVector ? outVector.AsSpan(0, 9) : outVector);
            for (int i = 0; i < gemms.Length; i++)
                Gemm(gemms[i], cs[i], GemmRoutes[i].Threads);
        }

        // Two warm-up rounds: the first sizes the packing buffers; the second lets one-off runtime work (a method's
        // first tier-up, the thread pool's first work items) happen before the count starts.
        Round();
        Round();
        long[] windows = AllocationWindows.Measure(() => { for (int i = 0; i < 3; i++) Round(); });
        Assert.True(windows[^1] == 0, $"{typeof(T).Name} on {path}: bytes allocated in each window of 3 rounds of every kernel and GEMM route: {string.Join(", ", windows)}");
    }

    private static void Gemm<T>(GemmProblem<T> p, T[] c, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
            Blas.Sgemm(p.OpA, p.OpB, p.M, p.N, p.K, 0.7f, (float[])(object)p.A, p.Lda, (float[])(object)p.B, p.Ldb, 1.3f, (float[])(object)c, p.Ldc, threads);
        else
            Blas.Dgemm(p.OpA, p.OpB, p.M, p.N, p.K, 0.7, (double[])(object)p.A, p.Lda, (double[])(object)p.B, p.Ldb, 1.3, (double[])(object)c, p.Ldc, threads);
    }
}
