using System;
using System.Numerics;

namespace Kernels.Bench.Workloads;

/// <summary>
/// The naive GEMM in i-k-j order, C = op(A)·op(B) (α = 1, β = 0): row i of C accumulates a_ip times row p of op(B), so a
/// non-transposed B and C are walked along their rows. It is the faster of the two textbook loop orders (the
/// reference's i-j-p walks B down its columns) and the naive loop the GEMM issue's "30× at 1024³" target names.
/// </summary>
internal static class IkjGemm
{
    /// <summary>C (m×n, row pitch <paramref name="ldc"/>) = op(A)·op(B), operands as in <c>Blas.Sgemm</c>.</summary>
    public static void Gemm<T>(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
        {
            Span<T> ci = c.Slice(i * ldc, n);
            ci.Clear();
            for (int p = 0; p < k; p++)
            {
                T aip = transA ? a[p * lda + i] : a[i * lda + p];
                if (transB)
                    for (int j = 0; j < n; j++) ci[j] += aip * b[j * ldb + p];
                else
                {
                    ReadOnlySpan<T> bp = b.Slice(p * ldb, n);
                    for (int j = 0; j < ci.Length; j++) ci[j] += aip * bp[j];
                }
            }
        }
    }
}
