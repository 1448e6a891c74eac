using System.Numerics;
using System.Runtime.CompilerServices;

namespace Kernels.MatrixMultiply;

/// <summary>
/// The five loops around the micro-kernel (BLIS): n by NC, k by KC (pack a KC×NC panel of B), m by MC (pack an MC×KC
/// block of A when the plan says so), then NR and MR steps calling <typeparamref name="TKernel"/>. Generic over the
/// kernel, so each ISA path gets its own specialised copy and nothing else differs between paths; what is packed and
/// the block sizes come from the <see cref="GemmPlan"/>.
/// </summary>
/// <remarks>
/// k is split only here, into KC blocks accumulated in order (the first block applies β, later ones add), and never
/// across threads, so each element of C is always summed in the same order.
/// With a packed op(B) from the caller (<see cref="GemmOperands{T}.PackedB"/>) its slivers are read from there; otherwise,
/// without <see cref="GemmPlan.PackB"/>, B rows are read in place, except a last, partial sliver of columns, which is
/// copied zero-padded so no read passes the matrix, unless it is exactly as wide as the kernel's narrower edge tiles read
/// (<see cref="IMicroKernel{T}.InPlaceEdgeColumns"/>).
/// </remarks>
internal static class BlockedDriver<T, TKernel>
    where T : unmanaged, IFloatingPointIeee754<T> where TKernel : struct, IMicroKernel<T>
{
    // Fully optimised from the first call: a service should not see tier-0 code on its first requests.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in GemmOperands<T> op, in GemmPlan plan)
    {
        int mrK = TKernel.MR, nrK = TKernel.NR;
        GemmBlocking blk = plan.Blocking;
        int m = op.M, n = op.N, k = op.K;
        // k in equal blocks of at most KC (784 = 4 × 196, not 3 × 256 + 16: a thin last block pays C's loads and stores
        // and every tile's set-up for little work).
        int kBlocks = (k + blk.KC - 1) / blk.KC;
        int kcMax = (k + kBlocks - 1) / kBlocks;
        bool prepacked = op.PackedNR != 0; // op(B) packed once by the caller: nothing to pack here
        bool packB = plan.PackB && !prepacked;
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
                if (packB)
                {
                    bPanel = ref PackBuffers<T>.B(RoundUp(nc, nrK) * (nint)kc);
                    Packing.PackB(ref op.OpB(pc, jc), op.Ldb, op.TransB, kc, nc, nrK, ref bPanel, plan.PackWithAvx);
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
                        if (prepacked)
                            bSliver = ref op.PackedSliver(pc, jc + jr);
                        else if (packB)
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
                                Packing.PackB(ref op.OpB(pc, jc + jr), op.Ldb, transB: true, kc, nr, nrK, ref bSliver, plan.PackWithAvx);
                            else
                                Packing.PackEdgeSliver(ref op.OpB(pc, jc + jr), op.Ldb, kc, nr, nrK, ref bSliver);
                        }

                        // LOOP 1: MR-row slivers of A. A whole sliver of a row-major C with A in place: every row in one
                        // call, in tiles of nearly equal height (32 rows as 6, 6, 5, 5, 5, 5, not five of 6 and a 2-row
                        // tile that waits on FMA latency). Otherwise whole tiles in one call, the rest one call each.
                        if (nr == nrK && op.Csc == 1 && !plan.PackA)
                        {
                            TKernel.RunRows(mc, kc, op.TransA ? 1 : op.Lda, op.TransA ? op.Lda : 1, ref op.OpA(ic, pc), ref bSliver, rowStrideB,
                                ref op.CAt(ic, jc + jr), op.Ldc, op.Alpha, beta);
                            continue;
                        }
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nint RoundUp(int x, int multiple) => (x + multiple - 1) / multiple * (nint)multiple;
}
