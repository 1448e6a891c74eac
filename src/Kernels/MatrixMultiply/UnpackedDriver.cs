using System.Numerics;
using System.Runtime.CompilerServices;

namespace Kernels.MatrixMultiply;

/// <summary>
/// A product that fits in cache (<see cref="GemmRoute.Unpacked"/>): the micro-kernel's two inner loops alone, k in one
/// block, nothing packed but transposed slivers of B and, where the kernel cannot mask its loads, a partial last one.
/// Kept apart from <see cref="BlockedDriver{T, TKernel}"/> so that a 16×16 product pays for two loops, not for the
/// set-up of five.
/// </summary>
internal static class UnpackedDriver<T, TKernel>
    where T : unmanaged, IFloatingPointIeee754<T> where TKernel : struct, IMicroKernel<T>
{
    /// <summary>
    /// Runs <paramref name="op"/>, its last <paramref name="edgeColumns"/> columns as matrix–vector products.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Run(in GemmOperands<T> op, int edgeColumns, bool useAvx, IsaPath path)
    {
        int nrK = TKernel.NR, columns = op.N - edgeColumns;
        // Whole slivers of a row-major C with B read in place: one call each, every row tile inside it.
        int inPlace = op.TransB || op.Csc != 1 || op.PackedNR != 0 ? 0 : columns - columns % nrK;
        for (int jr = 0; jr < inPlace; jr += nrK)
            TKernel.RunRows(op.M, op.K, op.TransA ? 1 : op.Lda, op.TransA ? op.Lda : 1, ref op.OpA(0, 0), ref op.OpB(0, jr), op.Ldb,
                ref op.CAt(0, jr), op.Ldc, op.Alpha, op.Beta);
        if (inPlace < columns)
            RunSlivers(op, inPlace, columns, useAvx);
        if (edgeColumns != 0)
            MatrixVectorGemm<T>.EachColumn(op, columns, path);
    }

    // Columns jr0 to n − 1: packed (transposed, or zero-padded where the kernel has no masked loads) slivers, partial
    // slivers read in place under a mask or exactly TKernel.InPlaceEdgeColumns wide, and the tiles of a transposed C.
    // Kept out of Run, whose whole-sliver loop inlines the kernel's row loop: together they ran out of the JIT's inlining
    // budget, and the small helpers here (operand addressing, panel structs) became calls.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void RunSlivers(in GemmOperands<T> op, int jr0, int n, bool useAvx)
    {
        int mrK = TKernel.MR, nrK = TKernel.NR;
        int m = op.M, k = op.K;
        for (int jr = jr0; jr < n; jr += nrK)
        {
            int nr = n - jr < nrK ? n - jr : nrK;
            ref T bSliver = ref op.OpB(0, jr);
            nint rowStrideB = op.Ldb;
            if (op.PackedNR != 0)
            {
                // Packed by the caller, zero-padded: every sliver is read like a packed one.
                bSliver = ref op.PackedSliver(0, jr);
                rowStrideB = nrK;
            }
            // A partial sliver of a non-transposed B is read in place where the kernel can mask the loads it cuts (AVX):
            // packing it would cost more than a small product's own tiles.
            else if (!op.TransB && nr != nrK && nr != TKernel.InPlaceEdgeColumns && TKernel.MaskedEdgeLoads)
            {
                RunMaskedEdgeSliver(op, jr, nr);
                continue;
            }
            else if (op.TransB || nr != nrK && nr != TKernel.InPlaceEdgeColumns)
            {
                bSliver = ref PackBuffers<T>.B((nint)k * nrK);
                rowStrideB = nrK;
                if (op.TransB)
                    Packing.PackB(ref op.OpB(0, jr), op.Ldb, transB: true, k, nr, nrK, ref bSliver, useAvx);
                else
                    Packing.PackEdgeSliver(ref op.OpB(0, jr), op.Ldb, k, nr, nrK, ref bSliver);
            }
            if (nr == nrK && op.Csc == 1)
            {
                // A whole (packed) sliver of a row-major C: every row tile in one call.
                TKernel.RunRows(m, k, op.TransA ? 1 : op.Lda, op.TransA ? op.Lda : 1, ref op.OpA(0, 0), ref bSliver, rowStrideB,
                    ref op.CAt(0, jr), op.Ldc, op.Alpha, op.Beta);
                continue;
            }
            var (full, tail) = RowSplit.Of(m, mrK);
            StridedA fullPanel = op.TransA ? new StridedA(1, op.Lda, mrK) : new StridedA(op.Lda, 1, mrK);
            int ir = 0;
            for (int t = 0; t < full; t++, ir += mrK)
                TKernel.Run(k, fullPanel, ref op.OpA(ir, 0), ref bSliver, rowStrideB, ref op.CAt(ir, jr), op.Ldc, op.Csc, op.Alpha, op.Beta, mrK, nr);
            while (tail > 0)
            {
                int mr = RowSplit.NextTile(tail, mrK);
                TKernel.Run(k, op.TransA ? new StridedA(1, op.Lda, mr) : new StridedA(op.Lda, 1, mr),
                    ref op.OpA(ir, 0), ref bSliver, rowStrideB, ref op.CAt(ir, jr), op.Ldc, op.Csc, op.Alpha, op.Beta, mr, nr);
                ir += mr;
                tail -= mr;
            }
        }
    }

    // Every row tile of a partial sliver of a non-transposed B read in place under masked loads, in one kernel call. Its
    // own method: inlined into RunSlivers it used up that method's inlining budget, and the operand helpers there became
    // calls.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void RunMaskedEdgeSliver(in GemmOperands<T> op, int jr, int nr) =>
        TKernel.RunMaskedEdgeRows(op.M, op.K, op.TransA ? 1 : op.Lda, op.TransA ? op.Lda : 1, ref op.OpA(0, 0), ref op.OpB(0, jr), op.Ldb,
            ref op.CAt(0, jr), op.Ldc, op.Csc, op.Alpha, op.Beta, nr);
}
