using System;
using System.Numerics;

namespace Kernels.Testing.Reference;

/// <summary>The naive triple loop: C = α·op(A)·op(B) + β·C, row-major, BLAS argument conventions. Test oracle shape and benchmark baseline.</summary>
public static class GemmReference
{
    /// <summary>C = α·op(A)·op(B) + β·C by the textbook loop (i, j, then p), products and sums rounded separately; β = 0 does not read C.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="transA">Whether op(A) = Aᵀ.</param>
    /// <param name="transB">Whether op(B) = Bᵀ.</param>
    /// <param name="m">Rows of C.</param>
    /// <param name="n">Columns of C.</param>
    /// <param name="k">Inner dimension.</param>
    /// <param name="alpha">α.</param>
    /// <param name="a">A as stored.</param>
    /// <param name="lda">Row pitch of A.</param>
    /// <param name="b">B as stored.</param>
    /// <param name="ldb">Row pitch of B.</param>
    /// <param name="beta">β.</param>
    /// <param name="c">C.</param>
    /// <param name="ldc">Row pitch of C.</param>
    public static void Gemm<T>(Transpose transA, Transpose transB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc) where T : IFloatingPointIeee754<T>
    {
        bool ta = transA == Transpose.Trans, tb = transB == Transpose.Trans;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                T s = T.Zero;
                for (int p = 0; p < k; p++)
                    s += (ta ? a[p * lda + i] : a[i * lda + p]) * (tb ? b[j * ldb + p] : b[p * ldb + j]);
                c[i * ldc + j] = beta == T.Zero ? alpha * s : alpha * s + beta * c[i * ldc + j];
            }
    }
}
