using System.Runtime.CompilerServices;

namespace Kernels.MatrixMultiply;

/// <summary>
/// A validated GEMM problem C = α·op(A)·op(B) + β·C in element references and strides (row-major, leading dimensions as
/// stored). Every kernel and driver works on this; the public entry points build it after their checks.
/// </summary>
internal readonly ref struct GemmOperands<T>
{
    public readonly ref T A;
    public readonly ref T B;
    public readonly ref T C;
    public readonly nint Lda, Ldb, Ldc;

    /// <summary>Distance between adjacent columns of C: 1, except when the driver computes Cᵀ (then ldc).</summary>
    public readonly nint Csc;
    public readonly bool TransA, TransB;
    public readonly int M, N, K;
    public readonly T Alpha, Beta;

    public GemmOperands(bool transA, bool transB, int m, int n, int k, T alpha, ref T a, nint lda, ref T b, nint ldb, T beta, ref T c, nint ldc, nint csc = 1)
    {
        TransA = transA; TransB = transB; M = m; N = n; K = k; Alpha = alpha; Beta = beta;
        A = ref a; B = ref b; C = ref c; Lda = lda; Ldb = ldb; Ldc = ldc; Csc = csc;
    }

    /// <summary>
    /// The same product computed as Cᵀ = op(B)ᵀ·op(A)ᵀ: the roles of A and B swap (with their transposes flipped) and C
    /// is walked with its strides exchanged. Used when n is too narrow for the register tile but m is not.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public GemmOperands<T> Transposed() =>
        new(!TransB, !TransA, N, M, K, Alpha, ref B, Ldb, ref A, Lda, Beta, ref C, Csc, Ldc);

    /// <summary>Element (i, p) of op(A).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref T OpA(nint i, nint p) => ref Unsafe.Add(ref A, TransA ? p * Lda + i : i * Lda + p);

    /// <summary>Element (p, j) of op(B).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref T OpB(nint p, nint j) => ref Unsafe.Add(ref B, TransB ? j * Ldb + p : p * Ldb + j);

    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public ref T CAt(nint i, nint j) => ref Unsafe.Add(ref C, i * Ldc + j * Csc);

    /// <summary>The same problem restricted to columns [j0, j0 + cols) of C (and of op(B)).</summary>
    public GemmOperands<T> Columns(int j0, int cols) =>
        new(TransA, TransB, M, cols, K, Alpha, ref A, Lda, ref OpB(0, j0), Ldb, Beta, ref CAt(0, j0), Ldc, Csc);

    /// <summary>The same problem restricted to rows [i0, i0 + rows) of C (and of op(A)).</summary>
    public GemmOperands<T> Rows(int i0, int rows) =>
        new(TransA, TransB, rows, N, K, Alpha, ref OpA(i0, 0), Lda, ref B, Ldb, Beta, ref CAt(i0, 0), Ldc, Csc);
}
