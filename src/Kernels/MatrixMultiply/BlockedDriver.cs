using System.Numerics;
using System.Runtime.CompilerServices;

namespace Kernels.MatrixMultiply;

/// <summary>
/// The five loops around the micro-kernel (BLIS): n by NC, k by KC (pack a KC×NC panel of B), m by MC (pack an MC×KC
/// block of A when it is transposed, or when its rows would crowd a few L2 sets (<see cref="GemmExecutor{T}.PackNonTransposedA"/>);
/// otherwise a non-transposed A is read in place — its MR rows stream contiguously, and packing them measured slower),
/// then NR and MR steps calling <typeparamref name="TKernel"/>. Generic over the
/// kernel, so each ISA path gets its own specialised copy and nothing else differs between paths.
/// </summary>
/// <remarks>
/// k is split only here, into KC blocks accumulated in order (the first block applies β, later ones add), and never
/// across threads, so each element of C is always summed in the same order.
/// Without <see cref="Plan.PackB"/> (few row tiles), and in <see cref="RunSmall"/>, B rows are read in place, except a
/// last, partial sliver of columns, which is copied zero-padded so no read passes the matrix — unless it is exactly
/// as wide as the kernel's narrower edge tiles read (<see cref="IMicroKernel{T}.InPlaceEdgeColumns"/>), or, in
/// <see cref="RunSmall"/>, the kernel masks the loads the edge cuts (<see cref="IMicroKernel{T}.MaskedEdgeLoads"/>). A last
/// sliver of one or two columns becomes matrix–vector products instead (<see cref="EdgeColumnsAsMatrixVector"/>).
/// </remarks>
internal static class BlockedDriver<T, TKernel>
    where T : unmanaged, IFloatingPointIeee754<T> where TKernel : struct, IMicroKernel<T>
{
    /// <summary>What to pack; decided once per problem (also for all threads of a parallel call).</summary>
    /// <param name="PackA">Pack blocks of A (when it is transposed, or its row pitch would crowd the L2).</param>
    /// <param name="PackB">Pack panels of B; otherwise full slivers are read in place (B not transposed) and edge slivers copied.</param>
    /// <param name="UseAvx">Whether packing may transpose in AVX registers (the Vector256 path only).</param>
    public readonly record struct Plan(bool PackA, bool PackB, bool UseAvx);

    // Fully optimised from the first call: a service should not see tier-0 code on its first requests.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in GemmOperands<T> op, Plan plan)
    {
        int mrK = TKernel.MR, nrK = TKernel.NR;
        GemmBlocking blk = TKernel.Blocking;
        int m = op.M, n = op.N, k = op.K;
        // k in equal blocks of at most KC (784 = 4 × 196, not 3 × 256 + 16: a thin last block pays C's loads and stores
        // and every tile's set-up for little work).
        int kBlocks = (k + blk.KC - 1) / blk.KC;
        int kcMax = (k + kBlocks - 1) / kBlocks;
        int ncMax = plan.PackB ? blk.NC : n;

        // LOOP 5: split n into panels of NC columns.
        for (int jc = 0; jc < n; jc += ncMax)
        {
            int nc = n - jc < ncMax ? n - jc : ncMax;
            // LOOP 4: split k into blocks of KC.
            for (int pc = 0; pc < k; pc += kcMax)
            {
                int kc = k - pc < kcMax ? k - pc : kcMax;
                T beta = pc == 0 ? op.Beta : T.One;
                nint sliverB = (nint)kc * nrK;
                ref T bPanel = ref Unsafe.NullRef<T>();
                if (plan.PackB)
                {
                    bPanel = ref PackBuffers<T>.B(RoundUp(nc, nrK) * (nint)kc);
                    Packing.PackB(ref op.OpB(pc, jc), op.Ldb, op.TransB, kc, nc, nrK, ref bPanel, plan.UseAvx);
                }

                // LOOP 3: split m into blocks of MC rows.
                for (int ic = 0; ic < m; ic += blk.MC)
                {
                    int mc = m - ic < blk.MC ? m - ic : blk.MC;
                    ref T aBlock = ref Unsafe.NullRef<T>();
                    if (plan.PackA)
                    {
                        aBlock = ref PackBuffers<T>.A(RoundUp(mc, mrK) * (nint)kc);
                        Packing.PackA(ref op.OpA(ic, pc), op.TransA ? 1 : op.Lda, op.TransA ? op.Lda : 1, mc, kc, mrK, ref aBlock);
                    }

                    // LOOP 2: NR-wide slivers of the B panel (one sliver stays in L1 while A streams).
                    for (int jr = 0; jr < nc; jr += nrK)
                    {
                        int nr = nc - jr < nrK ? nc - jr : nrK;
                        ref T bSliver = ref Unsafe.NullRef<T>();
                        nint rowStrideB = nrK;
                        if (plan.PackB)
                            bSliver = ref Unsafe.Add(ref bPanel, jr / nrK * sliverB);
                        else if ((nr == nrK || nr == TKernel.InPlaceEdgeColumns) && !op.TransB)
                        {
                            bSliver = ref op.OpB(pc, jc + jr);
                            rowStrideB = op.Ldb;
                        }
                        else
                        {
                            bSliver = ref PackBuffers<T>.B(sliverB);
                            if (op.TransB)
                                Packing.PackB(ref op.OpB(pc, jc + jr), op.Ldb, transB: true, kc, nr, nrK, ref bSliver, plan.UseAvx);
                            else
                                Packing.PackEdgeSliver(ref op.OpB(pc, jc + jr), op.Ldb, kc, nr, nrK, ref bSliver);
                        }

                        // LOOP 1: MR-row slivers of A; whole tiles of a row-major C in one call, the rest one call each.
                        int ir = 0;
                        if (nr == nrK && op.Csc == 1 && mc >= mrK)
                        {
                            int whole = mc / mrK;
                            ref T cWhole = ref op.CAt(ic, jc + jr);
                            if (plan.PackA)
                                TKernel.RunWholeTiles(whole, kc, new PackedA(mrK), ref aBlock, (nint)kc * mrK, ref bSliver, rowStrideB, ref cWhole, op.Ldc, op.Alpha, beta);
                            else if (op.TransA)
                                TKernel.RunWholeTiles(whole, kc, new StridedA(1, op.Lda, mrK), ref op.OpA(ic, pc), mrK, ref bSliver, rowStrideB, ref cWhole, op.Ldc, op.Alpha, beta);
                            else
                                TKernel.RunWholeTiles(whole, kc, new StridedA(op.Lda, 1, mrK), ref op.OpA(ic, pc), mrK * op.Lda, ref bSliver, rowStrideB, ref cWhole, op.Ldc, op.Alpha, beta);
                            ir = whole * mrK;
                        }
                        for (; ir < mc; ir += mrK)
                        {
                            int mr = mc - ir < mrK ? mc - ir : mrK;
                            ref T cTile = ref op.CAt(ic + ir, jc + jr);
                            if (plan.PackA)
                                TKernel.Run(kc, new PackedA(mrK), ref Unsafe.Add(ref aBlock, ir / mrK * (nint)kc * mrK),
                                    ref bSliver, rowStrideB, ref cTile, op.Ldc, op.Csc, op.Alpha, beta, mr, nr);
                            else
                                TKernel.Run(kc, op.TransA ? new StridedA(1, op.Lda, mr) : new StridedA(op.Lda, 1, mr),
                                    ref op.OpA(ic + ir, pc), ref bSliver, rowStrideB, ref cTile, op.Ldc, op.Csc, op.Alpha, beta, mr, nr);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// A problem that fits in cache (m, n ≤ <see cref="GemmExecutor{T}.SmallDimension"/>, k ≤ <see cref="GemmExecutor{T}.SmallDepth"/>):
    /// the two inner loops alone, k in one block, nothing packed but transposed slivers of B and, without masked loads,
    /// a partial last one. Kept apart from <see cref="Run"/> so that a 16×16 product pays for two loops, not for the
    /// set-up of five.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static void RunSmall(in GemmOperands<T> op, bool useAvx, IsaPath path)
    {
        int nrK = TKernel.NR;
        // Whole slivers of a row-major C with B read in place: one call each, every row tile inside it.
        int inPlace = op.TransB || op.Csc != 1 ? 0 : op.N - op.N % nrK;
        for (int jr = 0; jr < inPlace; jr += nrK)
            TKernel.RunRows(op.M, op.K, op.TransA ? 1 : op.Lda, op.TransA ? op.Lda : 1, ref op.OpA(0, 0), ref op.OpB(0, jr), op.Ldb,
                ref op.CAt(0, jr), op.Ldc, op.Alpha, op.Beta);
        if (inPlace < op.N)
            RunSmallSlivers(op, inPlace, useAvx, path);
    }

    // The rest of a small problem from column jr0 on: a last sliver of one or two columns as matrix–vector products,
    // packed (transposed, or zero-padded where the kernel has no masked loads) slivers, partial slivers read in place
    // under a mask or exactly TKernel.InPlaceEdgeColumns wide, and the tiles of a transposed C. Kept out of RunSmall, whose
    // whole-sliver loop inlines the kernel's row loop: together they ran out of the JIT's inlining budget, and the
    // small helpers here (operand addressing, panel structs) became calls.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void RunSmallSlivers(in GemmOperands<T> op, int jr0, bool useAvx, IsaPath path)
    {
        int mrK = TKernel.MR, nrK = TKernel.NR;
        int m = op.M, n = op.N, k = op.K;
        for (int jr = jr0; jr < n; jr += nrK)
        {
            int nr = n - jr < nrK ? n - jr : nrK;
            if (EdgeColumnsAsMatrixVector(m, nr, k, path))
            {
                MatrixVectorGemm<T>.EachColumn(op, jr, path);
                return;
            }
            ref T bSliver = ref op.OpB(0, jr);
            nint rowStrideB = op.Ldb;
            // A partial sliver of a non-transposed B is read in place where the kernel can mask the loads it cuts
            // (AVX): packing it cost 12–16 ns of a 12×12×12 product's 130.
            if (!op.TransB && nr != nrK && nr != TKernel.InPlaceEdgeColumns && TKernel.MaskedEdgeLoads)
            {
                RunMaskedEdgeSliver(op, jr, nr);
                continue;
            }
            if (op.TransB || nr != nrK && nr != TKernel.InPlaceEdgeColumns)
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
    // own method: inlined into RunSmallSlivers it used up that method's inlining budget, and the operand helpers there
    // became calls (8×8×8 spent 12% of its time in them; 36×40×36 ran 7% slower).
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void RunMaskedEdgeSliver(in GemmOperands<T> op, int jr, int nr) =>
        TKernel.RunMaskedEdgeRows(op.M, op.K, op.TransA ? 1 : op.Lda, op.TransA ? op.Lda : 1, ref op.OpA(0, 0), ref op.OpB(0, jr), op.Ldb,
            ref op.CAt(0, jr), op.Ldc, op.Csc, op.Alpha, op.Beta, nr);

    /// <summary>
    /// Whether a last sliver of <paramref name="nr"/> columns runs as that many matrix–vector products instead of tiles:
    /// when it is at most an eighth of the tile (1–2 floats, 1 double on AVX2), at least one whole tile of rows and
    /// k at least NR deep. A tile one vector wide costs about as much as a whole one (one broadcast of A per
    /// multiply-add, and the sliver was packed), so one or two columns cost as much as sixteen: 16×17×16 took
    /// 2.3× as long as 16×16×16. As dot products: 17×17×17 and 16×17×16 1.6× faster, 33×33×33 1.35×, 50×50×50 1.15×,
    /// 18×18×18 1.15×; at three columns even, at four 0.8× (measured, AVX2, interleaved with the tile route). The
    /// blocked route applies it too (GemmExecutor.BlockedLarge): 65³ 1.20×, 129³ 1.09×, 257³ 1.04×, double 65³ 1.16×.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool EdgeColumnsAsMatrixVector(int m, int nr, int k, IsaPath path) =>
        nr * 8 <= TKernel.NR && m >= TKernel.MR && k >= TKernel.NR && path != IsaPath.Scalar;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nint RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * (nint)multiple;
}
