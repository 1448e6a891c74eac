using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using Kernels.Matrices;
using Kernels.MatrixMultiply;
using Kernels.Validation;

namespace Kernels;

/// <summary>
/// BLAS-shaped GEMM entry points, for code ported from cblas: same argument order and meaning as
/// <c>cblas_sgemm</c>/<c>cblas_dgemm</c> with <c>CblasRowMajor</c>.
/// </summary>
/// <remarks>
/// <para>
/// Computes C = α·op(A)·op(B) + β·C with op(A) m×k, op(B) k×n and C m×n, all row-major; <c>lda</c> is the row pitch of A
/// as stored (≥ k when A is not transposed, ≥ m when it is), likewise <c>ldb</c> (≥ n, or ≥ k transposed) and <c>ldc</c> (≥ n).
/// </para>
/// <para>
/// BLAS semantics: β = 0 means C is never read (NaN or garbage in C does not reach the result); α = 0 or k = 0 gives
/// C = β·C; m = 0 or n = 0 does nothing. Every argument is checked before C is touched: a bad dimension, leading
/// dimension or buffer length, or C overlapping A or B, throws an <see cref="ArgumentException"/> naming the parameter.
/// </para>
/// <para>
/// Runs on <see cref="Isa.Current"/>, on the calling thread unless a degree of parallelism above 1 is given; results
/// are bitwise identical for every degree of parallelism. After the first call of a given size on a thread, a call
/// allocates nothing. Each element is within γ_(k+2)·G of the exact result, G = |α|·Σ_p|op(A)[i,p]|·|op(B)[p,j]| + |β|·|C[i,j]|.
/// </para>
/// </remarks>
public static class Blas
{
    /// <summary>Single-precision GEMM: C = α·op(A)·op(B) + β·C, row-major.</summary>
    /// <param name="transA">Whether op(A) = Aᵀ.</param>
    /// <param name="transB">Whether op(B) = Bᵀ.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="alpha">α.</param>
    /// <param name="a">A as stored: m×k (or k×m when transposed), row pitch <paramref name="lda"/>.</param>
    /// <param name="lda">Row pitch of A as stored.</param>
    /// <param name="b">B as stored: k×n (or n×k when transposed), row pitch <paramref name="ldb"/>.</param>
    /// <param name="ldb">Row pitch of B as stored.</param>
    /// <param name="beta">β; 0 means C is not read.</param>
    /// <param name="c">C, m×n, row pitch <paramref name="ldc"/>; must not overlap A or B.</param>
    /// <param name="ldc">Row pitch of C.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative, a leading dimension is too small, or a transpose flag is undefined.</exception>
    /// <exception cref="ArgumentException">A buffer is too short for its matrix, or C overlaps A or B.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sgemm(Transpose transA, Transpose transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
        => Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, 1);

    /// <summary>Single-precision GEMM on up to <paramref name="maxDegreeOfParallelism"/> threads; otherwise as <see cref="Sgemm(Transpose, Transpose, int, int, int, float, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, float, Span{float}, int)"/>.</summary>
    /// <param name="transA">Whether op(A) = Aᵀ.</param>
    /// <param name="transB">Whether op(B) = Bᵀ.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="alpha">α.</param>
    /// <param name="a">A as stored.</param>
    /// <param name="lda">Row pitch of A as stored.</param>
    /// <param name="b">B as stored.</param>
    /// <param name="ldb">Row pitch of B as stored.</param>
    /// <param name="beta">β; 0 means C is not read.</param>
    /// <param name="c">C, m×n.</param>
    /// <param name="ldc">Row pitch of C.</param>
    /// <param name="maxDegreeOfParallelism">At most this many threads (the caller's plus thread-pool threads); 1 runs on the caller only. Small problems always run on the caller.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative, a leading dimension is too small, a transpose flag is undefined, or <paramref name="maxDegreeOfParallelism"/> is below 1.</exception>
    /// <exception cref="ArgumentException">A buffer is too short for its matrix, or C overlaps A or B.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sgemm(Transpose transA, Transpose transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc, int maxDegreeOfParallelism)
        => Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, maxDegreeOfParallelism);

    /// <summary>Double-precision GEMM: C = α·op(A)·op(B) + β·C, row-major.</summary>
    /// <param name="transA">Whether op(A) = Aᵀ.</param>
    /// <param name="transB">Whether op(B) = Bᵀ.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="alpha">α.</param>
    /// <param name="a">A as stored: m×k (or k×m when transposed), row pitch <paramref name="lda"/>.</param>
    /// <param name="lda">Row pitch of A as stored.</param>
    /// <param name="b">B as stored: k×n (or n×k when transposed), row pitch <paramref name="ldb"/>.</param>
    /// <param name="ldb">Row pitch of B as stored.</param>
    /// <param name="beta">β; 0 means C is not read.</param>
    /// <param name="c">C, m×n, row pitch <paramref name="ldc"/>; must not overlap A or B.</param>
    /// <param name="ldc">Row pitch of C.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative, a leading dimension is too small, or a transpose flag is undefined.</exception>
    /// <exception cref="ArgumentException">A buffer is too short for its matrix, or C overlaps A or B.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dgemm(Transpose transA, Transpose transB, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
        => Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, 1);

    /// <summary>Double-precision GEMM on up to <paramref name="maxDegreeOfParallelism"/> threads; otherwise as <see cref="Dgemm(Transpose, Transpose, int, int, int, double, ReadOnlySpan{double}, int, ReadOnlySpan{double}, int, double, Span{double}, int)"/>.</summary>
    /// <param name="transA">Whether op(A) = Aᵀ.</param>
    /// <param name="transB">Whether op(B) = Bᵀ.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="alpha">α.</param>
    /// <param name="a">A as stored.</param>
    /// <param name="lda">Row pitch of A as stored.</param>
    /// <param name="b">B as stored.</param>
    /// <param name="ldb">Row pitch of B as stored.</param>
    /// <param name="beta">β; 0 means C is not read.</param>
    /// <param name="c">C, m×n.</param>
    /// <param name="ldc">Row pitch of C.</param>
    /// <param name="maxDegreeOfParallelism">At most this many threads; 1 runs on the caller only.</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative, a leading dimension is too small, a transpose flag is undefined, or <paramref name="maxDegreeOfParallelism"/> is below 1.</exception>
    /// <exception cref="ArgumentException">A buffer is too short for its matrix, or C overlaps A or B.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dgemm(Transpose transA, Transpose transB, int m, int n, int k, double alpha,
        ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc, int maxDegreeOfParallelism)
        => Gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, maxDegreeOfParallelism);

    // Inlined into each entry point: one call fewer, and no spill of fourteen arguments, on the path of a 16×16 product.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Gemm<T>(Transpose transA, Transpose transB, int m, int n, int k, T alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc, int maxDegreeOfParallelism)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.Transposes(transA, transB);
        Guard.Dimensions(m, n, k);
        Guard.Parallelism(maxDegreeOfParallelism);
        bool ta = transA == Transpose.Trans, tb = transB == Transpose.Trans;
        Guard.Operand("A", nameof(a), nameof(lda), ta ? k : m, ta ? m : k, lda, a.Length, ta ? ", transposed" : "");
        Guard.Operand("B", nameof(b), nameof(ldb), tb ? n : k, tb ? k : n, ldb, b.Length, tb ? ", transposed" : "");
        Guard.Operand("C", nameof(c), nameof(ldc), m, n, ldc, c.Length, "");

        ref T a0 = ref Guard.Ref(a), b0 = ref Guard.Ref(b), c0 = ref Guard.Ref(c);
        Guard.GemmOutputDisjoint(ref c0, m, n, ldc, ref a0, ta ? k : m, ta ? m : k, lda, nameof(a));
        Guard.GemmOutputDisjoint(ref c0, m, n, ldc, ref b0, tb ? n : k, tb ? k : n, ldb, nameof(b));

        GemmExecutor<T>.Run(new GemmOperands<T>(ta, tb, m, n, k, alpha, ref a0, lda, ref b0, ldb, beta, ref c0, ldc), maxDegreeOfParallelism);
    }
}
