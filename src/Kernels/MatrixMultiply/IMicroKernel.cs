using System.Runtime.CompilerServices;

namespace Kernels.MatrixMultiply;

/// <summary>
/// How a micro-kernel reads its MR rows of op(A): element (i, p) of the sliver is at <c>Unsafe.Add(ref a, Offset(i) + p·Step)</c>.
/// Two implementations: <see cref="PackedA"/> (a packed sliver: offsets are the constants i, step MR) and
/// <see cref="StridedA"/> (op(A) read in place through its row and column strides, for problems too small to pack).
/// </summary>
internal interface IAPanel
{
    nint Offset(int i);
    nint Step { get; }
}

/// <summary>A packed A sliver: MR values per k step, contiguous.</summary>
internal readonly struct PackedA(int mr) : IAPanel
{
    private readonly nint _mr = mr;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public nint Offset(int i) => i;

    public nint Step
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _mr;
    }
}

/// <summary>
/// op(A) in place: row i starts i·rowStride elements in, and consecutive k steps are columnStride apart. Offsets are
/// precomputed (the kernel asks for fixed i, the JIT keeps them in registers). Rows at or beyond <c>rows</c> repeat the last
/// valid row, so a partial tile never reads outside A; their results are discarded.
/// </summary>
internal readonly struct StridedA : IAPanel
{
    private readonly nint _o1, _o2, _o3, _o4, _o5, _o6, _o7;
    private readonly nint _step;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // built per tile or sliver: a call shows in a small product
    public StridedA(nint rowStride, nint columnStride, int rows)
    {
        _step = columnStride;
        _o1 = Row(1, rows, rowStride); _o2 = Row(2, rows, rowStride); _o3 = Row(3, rows, rowStride); _o4 = Row(4, rows, rowStride);
        _o5 = Row(5, rows, rowStride); _o6 = Row(6, rows, rowStride); _o7 = Row(7, rows, rowStride);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nint Row(int i, int rows, nint rowStride) => (i < rows ? i : rows - 1) * rowStride;

    // Forced inline: the tile bodies that ask for the offsets use up the JIT's inlining budget of the method they sit
    // in, and a call per offset shows in a small product.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public nint Offset(int i) => i switch
    {
        0 => 0,
        1 => _o1,
        2 => _o2,
        3 => _o3,
        4 => _o4,
        5 => _o5,
        6 => _o6,
        _ => _o7,
    };

    public nint Step
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _step;
    }
}


/// <summary>
/// One register-tiled micro-kernel for one element type and ISA (the matrixmultiply "kernel trait"): it computes an
/// MR×NR tile C = α·Σ_p A(i, p)·B(p, j) + β·C over kc steps, where row p of B is NR contiguous elements at
/// <c>b + p·rowStrideB</c> (a packed panel, or B itself when it is not transposed) and A is read through an <see cref="IAPanel"/>.
/// When β = 0, C is not read. A tile may be partial (mr ≤ MR rows, nr ≤ NR columns valid); the kernel then computes the
/// full tile in registers (A rows repeat, B is zero-padded) and writes only the valid part. Element (i, j) of the tile
/// is C[i·ldc + j·csc]: csc is 1 except when the driver computes Cᵀ, and then every tile is stored element by element.
/// </summary>
internal interface IMicroKernel<T> where T : unmanaged
{
    static abstract int MR { get; }
    static abstract int NR { get; }

    /// <summary>
    /// The width of a partial sliver that <see cref="Run"/> reads from B in place, without a zero-padded copy, because
    /// its edge tiles of that width load exactly that many columns (0: none; every partial sliver is copied).
    /// </summary>
    static abstract int InPlaceEdgeColumns { get; }

    static abstract void Run<TA>(int kc, TA aPanel, ref T a, ref T b, nint rowStrideB, ref T c, nint ldc, nint csc, T alpha, T beta, int mr, int nr)
        where TA : struct, IAPanel;

    /// <summary>Whether <see cref="RunMaskedEdgeRows"/> is available (masked vector loads: AVX).</summary>
    static abstract bool MaskedEdgeLoads { get; }

    /// <summary>
    /// Every row of a sliver cut by the right edge of C (<paramref name="nr"/> &lt; NR columns), A read in place as in
    /// <see cref="RunRows"/>, the sliver of B read in place with row stride <paramref name="rowStrideB"/>: loads past
    /// column <paramref name="nr"/> are masked. C may be transposed (<paramref name="csc"/> ≠ 1). All tiles in one call.
    /// </summary>
    static abstract void RunMaskedEdgeRows(int rows, int kc, nint aRowStride, nint aColumnStride, ref T a, ref T b, nint rowStrideB,
        ref T c, nint ldc, nint csc, T alpha, T beta, int nr);

    /// <summary>
    /// <paramref name="tiles"/> whole MR×NR tiles down one sliver of B into a row-major C (csc = 1): A advances
    /// <paramref name="aTileStep"/> elements and C MR rows per tile. The same as that many <see cref="Run"/> calls
    /// with mr = MR and nr = NR, in one call.
    /// </summary>
    static abstract void RunWholeTiles<TA>(int tiles, int kc, TA aPanel, ref T a, nint aTileStep, ref T b, nint rowStrideB, ref T c, nint ldc, T alpha, T beta)
        where TA : struct, IAPanel;

    /// <summary>
    /// Every row of one whole NR-wide sliver of a row-major C, A read in place (element (i, p) at
    /// i·<paramref name="aRowStride"/> + p·<paramref name="aColumnStride"/>): MR-row tiles, then the remainder,
    /// all in one call. The small-problem path's inner loop.
    /// </summary>
    static abstract void RunRows(int rows, int kc, nint aRowStride, nint aColumnStride, ref T a, ref T b, nint rowStrideB, ref T c, nint ldc, T alpha, T beta);
}
