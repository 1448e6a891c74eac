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

    /// <summary>
    /// op(B) already packed (<see cref="PackedPanel{T}"/>: slivers of <see cref="PackedNR"/> columns, each K rows), or a
    /// null reference. The drivers read B's slivers from here instead of packing or reading B; B itself still serves the
    /// parts of a plan that are not tiles (edge columns as matrix–vector products).
    /// </summary>
    public readonly ref T PackedB;

    /// <summary>The sliver width of <see cref="PackedB"/>, the kernel's NR; 0 when nothing is packed.</summary>
    public readonly int PackedNR;

    public GemmOperands(bool transA, bool transB, int m, int n, int k, T alpha, ref T a, nint lda, ref T b, nint ldb, T beta, ref T c, nint ldc, nint csc = 1)
    {
        TransA = transA; TransB = transB; M = m; N = n; K = k; Alpha = alpha; Beta = beta;
        A = ref a; B = ref b; C = ref c; Lda = lda; Ldb = ldb; Ldc = ldc; Csc = csc;
        PackedB = ref Unsafe.NullRef<T>();
    }

    private GemmOperands(bool transA, bool transB, int m, int n, int k, T alpha, ref T a, nint lda, ref T b, nint ldb, T beta, ref T c, nint ldc, nint csc,
        ref T packedB, int packedNR)
        : this(transA, transB, m, n, k, alpha, ref a, lda, ref b, ldb, beta, ref c, ldc, csc)
    {
        PackedB = ref packedB;
        PackedNR = packedNR;
    }

    /// <summary>The same problem with op(B) read from <paramref name="panel"/>, packed in slivers of <paramref name="nr"/> columns.</summary>
    public GemmOperands<T> WithPackedB(ref T panel, int nr) =>
        new(TransA, TransB, M, N, K, Alpha, ref A, Lda, ref B, Ldb, Beta, ref C, Ldc, Csc, ref panel, nr);

    /// <summary>Row <paramref name="p"/> of the packed sliver that starts at column <paramref name="j"/> (a multiple of <see cref="PackedNR"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref T PackedSliver(nint p, nint j) => ref Unsafe.Add(ref PackedB, j / PackedNR * K * PackedNR + p * PackedNR);

    /// <summary>
    /// The same product computed as Cᵀ = op(B)ᵀ·op(A)ᵀ: the roles of A and B swap (with their transposes flipped) and C
    /// is walked with its strides exchanged. Used when n is too narrow for the register tile but m is not.
    /// </summary>
    /// <remarks>A packed op(B) does not carry over: it is packed for B's role.</remarks>
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

    /// <summary>The same problem restricted to columns [j0, j0 + cols) of C (and of op(B)); with a packed op(B), j0 is
    /// a multiple of its sliver width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public GemmOperands<T> Columns(int j0, int cols) =>
        PackedNR == 0
            ? new(TransA, TransB, M, cols, K, Alpha, ref A, Lda, ref OpB(0, j0), Ldb, Beta, ref CAt(0, j0), Ldc, Csc)
            : new(TransA, TransB, M, cols, K, Alpha, ref A, Lda, ref OpB(0, j0), Ldb, Beta, ref CAt(0, j0), Ldc, Csc, ref PackedSliver(0, j0), PackedNR);

    /// <summary>The same problem restricted to rows [i0, i0 + rows) of C (and of op(A)).</summary>
    public GemmOperands<T> Rows(int i0, int rows) =>
        new(TransA, TransB, rows, N, K, Alpha, ref OpA(i0, 0), Lda, ref B, Ldb, Beta, ref CAt(i0, 0), Ldc, Csc, ref PackedB, PackedNR);
}
