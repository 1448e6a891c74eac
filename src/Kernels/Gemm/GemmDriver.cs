using System.Numerics;
using System.Runtime.CompilerServices;

namespace Kernels;

/// <summary>
/// The five loops around the micro-kernel (BLIS): n by NC, k by KC (pack a KC×NC panel of B), m by MC (pack an MC×KC
/// block of A when it is transposed; a non-transposed A is read in place — its MR rows stream contiguously, and packing
/// them measured slower at every size up to 2048³), then NR and MR steps calling <typeparamref name="TKernel"/>. Generic over the
/// kernel, so each ISA path gets its own specialised copy and nothing else differs between paths.
/// </summary>
/// <remarks>
/// k is split only here, into KC blocks accumulated in order (the first block applies β, later ones add), and never
/// across threads, so each element of C is always summed in the same order.
/// Small problems (<see cref="Plan.PackB"/> false) skip packing: A is read in place through its strides and B rows
/// directly, except the last, partial sliver of columns, which is copied zero-padded so no read passes the matrix.
/// </remarks>
internal static class GemmDriver<T, TKernel>
    where T : unmanaged, IFloatingPointIeee754<T> where TKernel : struct, IGemmKernel<T>
{
    /// <summary>What to pack; decided once per problem (also for all threads of a parallel call).</summary>
    /// <param name="PackA">Pack blocks of A (it is transposed and the problem is not small).</param>
    /// <param name="PackB">Pack panels of B; otherwise full slivers are read in place (B not transposed) and edge slivers copied.</param>
    /// <param name="Blocked">Split k into KC blocks and m into MC blocks (false only for small problems, which fit in cache).</param>
    /// <param name="UseAvx">Whether packing may transpose in AVX registers (the Vector256 path only).</param>
    public readonly record struct Plan(bool PackA, bool PackB, bool Blocked, bool UseAvx);

    // Fully optimised from the first call: a service should not see tier-0 code on its first requests.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in GemmOperands<T> op, Plan plan)
    {
        int mrK = TKernel.MR, nrK = TKernel.NR;
        GemmBlocking blk = TKernel.Blocking;
        int m = op.M, n = op.N, k = op.K;
        int kcMax = plan.Blocked ? blk.KC : k;
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
                        Packing.PackATransposed(ref op.OpA(ic, pc), op.Lda, mc, kc, mrK, ref aBlock);
                    }

                    // LOOP 2: NR-wide slivers of the B panel (one sliver stays in L1 while A streams).
                    for (int jr = 0; jr < nc; jr += nrK)
                    {
                        int nr = nc - jr < nrK ? nc - jr : nrK;
                        ref T bSliver = ref Unsafe.NullRef<T>();
                        nint rowStrideB = nrK;
                        if (plan.PackB)
                            bSliver = ref Unsafe.Add(ref bPanel, jr / nrK * sliverB);
                        else if (nr == nrK && !op.TransB)
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

                        // LOOP 1: MR-row slivers of A, one micro-kernel call each.
                        for (int ir = 0; ir < mc; ir += mrK)
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
