using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using Kernels.Simd;
using Kernels.Vectors;

namespace Kernels.MatrixMultiply;

/// <summary>
/// Chooses how a validated GEMM runs: the trivial cases, the matrix–vector path, or the five-loop driver with the
/// micro-kernel of the current ISA path, single-threaded or split over threads.
/// </summary>
internal static unsafe class GemmExecutor<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Problems with every dimension up to this run unpacked: packing could not pay for itself.</summary>
    internal const int SmallDimension = 64;

    /// <summary>…and with k up to this (one KC block: nothing to gain from splitting k).</summary>
    internal const int SmallDepth = 256;

    /// <summary>A non-transposed B is packed only when more than this many MR-row tiles use each sliver (measured: 10×64×128 ran 1.3× faster unpacked).</summary>
    internal const int PackBMinRowTiles = 4;

    public static void Run(in GemmOperands<T> op, int maxDegreeOfParallelism)
    {
        if (op.M == 0 || op.N == 0)
            return;
        if (op.K == 0 || op.Alpha == T.Zero)
        {
            ScaleC(op);
            return;
        }

        IsaPath path = Isa.Current;
        if (op.M == 1 || op.N == 1)
        {
            MatrixVectorGemm<T>.Run(op, path);
            return;
        }
        if (TinyGemm<T>.Applies(op.M, op.N, op.K))
        {
            TinyGemm<T>.Run(op, path);
            return;
        }
        if (RankOneGemm<T>.Applies(op))
        {
            RankOneGemm<T>.Run(op, path);
            return;
        }

        // Pinned for the whole call: the AVX kernel stores edge tiles through pointers, and worker threads get addresses.
        fixed (T* pa = &op.A, pb = &op.B, pc = &op.C)
            RunBlocked(op, path, maxDegreeOfParallelism);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // a switch of calls: one frame fewer on every call
    private static void RunBlocked(in GemmOperands<T> op, IsaPath path, int maxDegreeOfParallelism)
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            path = IsaPath.Scalar; // the vector micro-kernels are written for float and double

        switch (path)
        {
            case IsaPath.Vector512 when UsesVector512Tiles(op):
                // The small or the blocked route, as Blocked chooses for any kernel (UsesVector512Tiles ruled out narrow C).
                Blocked<VectorMicroKernel6x2<T, Vector512<T>, Vector512Ops<T>, NoMaskedMoves<Vector512<T>, T>>>(op, maxDegreeOfParallelism, useAvx: false, path);
                break;
            case IsaPath.Vector512 or IsaPath.Vector256 when Vector256Supported:
                RunOn<VectorMicroKernel6x2<T, Vector256<T>, Vector256Ops<T>, AvxMaskedMoves<T>>, Vector256<T>, Vector256Ops<T>, AvxMaskedMoves<T>>(
                    op, maxDegreeOfParallelism, useAvx: true, path);
                break;
            case IsaPath.Vector256 or IsaPath.Vector128 when AdvSimd.IsSupported:
                RunOn<AdvSimdMicroKernel8x3<T>, Vector128<T>, Vector128Ops<T>, NoMaskedMoves<Vector128<T>, T>>(op, maxDegreeOfParallelism, useAvx: false, path);
                break;
            case IsaPath.Vector256 or IsaPath.Vector128 when Vector128.IsHardwareAccelerated:
                RunOn<VectorMicroKernel6x2<T, Vector128<T>, Vector128Ops<T>, NoMaskedMoves<Vector128<T>, T>>, Vector128<T>, Vector128Ops<T>, NoMaskedMoves<Vector128<T>, T>>(
                    op, maxDegreeOfParallelism, useAvx: false, path);
                break;
            case IsaPath.VectorT when Vector.IsHardwareAccelerated:
                RunOn<VectorMicroKernel6x2<T, Vector<T>, VectorTOps<T>, NoMaskedMoves<Vector<T>, T>>, Vector<T>, VectorTOps<T>, NoMaskedMoves<Vector<T>, T>>(
                    op, maxDegreeOfParallelism, useAvx: false, path);
                break;
            default:
                Blocked<ScalarMicroKernel4x4<T>>(op, maxDegreeOfParallelism, useAvx: false, IsaPath.Scalar);
                break;
        }
    }

    /// <summary>C at most this many columns wide may run as dot products (<see cref="DotProductGemm{T, TV, TOps, TMask}"/>).</summary>
    internal const int NarrowColumns = 12;

    /// <summary>
    /// Whether C = op(A)·op(B) runs on the narrow path: op(A) rows contiguous (not transposed), C at most
    /// <see cref="NarrowColumns"/> wide, and the lanes the register tile would waste — its NR-wide slivers count whole,
    /// since a half-width edge tile has too few accumulator chains to run at full speed — costing more than the narrow
    /// path's reduction and scalar stores, about 2 cycles per element of C, i.e. 4·w lanes for vectors of w elements
    /// (measured, float and double, forcing each way: the break-even k is 40 for n = 8, 52 for n = 10 and 90 for
    /// n = 12 in float; n = 8 in double fills the tile and never goes narrow). The choice depends on the shape alone,
    /// never on the thread count, so every rounding is the same for any number of threads.
    /// </summary>
    internal static bool NarrowApplies(bool transA, int m, int n, int k, int nr, int w) =>
        !transA && n <= NarrowColumns && (long)((n + nr - 1) / nr * nr - n) * k > 4L * w * n;

    // One vector ISA path: the narrow path for C, or for Cᵀ = op(B)ᵀ·op(A)ᵀ (few rows, op(B) transposed), in TV vectors,
    // when it applies; otherwise the tile kernel TKernel (whose NR the narrow rule weighs against). A method of its own
    // per path, so each keeps a small frame: with every path's operands inlined into one method, its prologue zeroed
    // them all on every call.
    private static void RunOn<TKernel, TV, TOps, TMask>(in GemmOperands<T> op, int maxDegreeOfParallelism, bool useAvx, IsaPath path)
        where TKernel : struct, IMicroKernel<T> where TV : struct where TOps : struct, IVectorOps<TV, T> where TMask : struct, IMaskedMoves<TV, T>
    {
        if (NarrowApplies(op.TransA, op.M, op.N, op.K, TKernel.NR, TOps.Count))
            DotProductGemm<T, TV, TOps, TMask>.Run(op, useAvx, maxDegreeOfParallelism);
        else if (NarrowApplies(!op.TransB, op.N, op.M, op.K, TKernel.NR, TOps.Count))
            DotProductGemm<T, TV, TOps, TMask>.Run(op.Transposed(), useAvx, maxDegreeOfParallelism);
        else
            Blocked<TKernel>(op, maxDegreeOfParallelism, useAvx, path);
    }

    /// <summary>
    /// Whether this product runs the 512-bit micro-kernel on the <see cref="IsaPath.Vector512"/> path: C not narrow (the dot-product path serves that better), and, for a small product, C's rows made of whole
    /// 32-float (16-double) slivers, a half sliver or an edge of at most an eighth of one (which becomes matrix–vector
    /// products); other edges would be tiles mostly of padding (40³ ran 0.95× the 256-bit kernel, 16³ 0.32×, while 32³
    /// ran 1.19×, 48³ 1.35× and 64³ 1.79×). The rule depends on the shape and the machine only, never on the thread
    /// count, so results stay bitwise identical for any number of threads.
    /// </summary>
    private static bool UsesVector512Tiles(in GemmOperands<T> op)
    {
        if (!Vector512Ops<T>.IsAccelerated) // a constant once jitted
            return false;
        int nr = 2 * Vector512<T>.Count;
        bool small = op.M <= SmallDimension && op.N <= SmallDimension && op.K <= SmallDepth;
        // Tiny products first, in two compares: neither orientation has a whole 512-bit sliver (16³ on the 256-bit kernel
        // had spent ~10% of its time on the checks below).
        if (small && op.M < nr && op.N < nr)
            return false;
        int nr256 = 2 * Vector256<T>.Count, w256 = Vector256<T>.Count;
        if (NarrowApplies(op.TransA, op.M, op.N, op.K, nr256, w256) || NarrowApplies(!op.TransB, op.N, op.M, op.K, nr256, w256))
            return false;
        if (!small)
            return true;
        int n = TransposeIsCheaper(op.M, op.N, op.K, 6, nr) ? op.M : op.N, edge = n % nr;
        return n >= nr && (edge == 0 || edge == nr / 2 || edge * 8 <= nr);
    }

    private static bool Vector256Supported =>
        Vector256.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Fma.IsSupported;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Blocked<TKernel>(in GemmOperands<T> op, int maxDegreeOfParallelism, bool useAvx, IsaPath path) where TKernel : struct, IMicroKernel<T>
    {
        if (TransposeIsCheaper(op.M, op.N, op.K, TKernel.MR, TKernel.NR))
            BlockedAsIs<TKernel>(op.Transposed(), maxDegreeOfParallelism, useAvx, path);
        else
            BlockedAsIs<TKernel>(op, maxDegreeOfParallelism, useAvx, path);
    }

    /// <summary>
    /// Whether computing Cᵀ = op(B)ᵀ·op(A)ᵀ wastes enough fewer register-tile lanes (a narrow C — say 10 classes — fills
    /// 10 of 16 columns, but 10 rows are a 6-row and a 4-row tile exactly) to pay for storing every element of C on its
    /// own, through a scratch tile, and packing the transposed operand: about 60 FMA lanes' time per element of C,
    /// measured (forcing each way: 20×4×20 and 100×10×100 are faster as they are, 64×4×64 transposed; the model's
    /// break-even for them is 24, 56 and 64 lanes).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // mr and nr become constants: no divisions left
    internal static bool TransposeIsCheaper(int m, int n, int k, int mr, int nr) =>
        (TileLanes(m, n, mr, nr) - TileLanes(n, m, mr, nr)) * k > TransposedStoreLanes * m * n;

    /// <summary>What storing one element of C through the transposed path costs, in FMA lanes (see <see cref="TransposeIsCheaper"/>).</summary>
    internal const long TransposedStoreLanes = 60;

    // Multiply-add lanes a problem occupies in mr×nr tiles, with the kernels' narrower edge variants (4, 2, 1 rows; half width).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long TileLanes(int m, int n, int mr, int nr)
    {
        int rm = m % mr, rn = n % nr;
        long rows = (long)(m - rm) + (rm == 0 ? 0 : rm > 4 ? mr : rm > 2 ? 4 : rm > 1 ? 2 : 1);
        long cols = (long)(n - rn) + (rn == 0 ? 0 : rn > nr / 2 ? nr : nr / 2);
        return rows * cols;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void BlockedAsIs<TKernel>(in GemmOperands<T> op, int maxDegreeOfParallelism, bool useAvx, IsaPath path) where TKernel : struct, IMicroKernel<T>
    {
        if (op.M <= SmallDimension && op.N <= SmallDimension && op.K <= SmallDepth)
            BlockedDriver<T, TKernel>.RunSmall(op, useAvx, path);
        else
            BlockedLarge<TKernel>(op, maxDegreeOfParallelism, useAvx, path);
    }

    private static void BlockedLarge<TKernel>(in GemmOperands<T> op, int maxDegreeOfParallelism, bool useAvx, IsaPath path) where TKernel : struct, IMicroKernel<T>
    {
        // A last sliver of one or two columns (65, 129 …) as matrix–vector products, as on the small path: as tiles it
        // costs as much as a whole sliver. The same split for any thread count, so results stay bitwise identical.
        int edge = op.N % TKernel.NR;
        if (edge != 0 && op.N > edge && BlockedDriver<T, TKernel>.EdgeColumnsAsMatrixVector(op.M, edge, op.K, path))
        {
            BlockedLarge<TKernel>(op.Columns(0, op.N - edge), maxDegreeOfParallelism, useAvx, path);
            MatrixVectorGemm<T>.EachColumn(op, op.N - edge, path);
            return;
        }

        bool packB = op.TransB || PackNonTransposedB(op.M, op.Ldb * Unsafe.SizeOf<T>(), TKernel.MR, TKernel.Blocking.MC);
        bool packA = op.TransA || PackNonTransposedA(op.M, op.Lda * Unsafe.SizeOf<T>(), Unsafe.SizeOf<T>(), TKernel.Blocking.MC);
        var plan = new BlockedDriver<T, TKernel>.Plan(PackA: packA, PackB: packB, UseAvx: useAvx);
        if (maxDegreeOfParallelism > 1 && ParallelGemm.Worthwhile(op.M, op.N, op.K))
            ParallelGemm.Run<T, TKernel>(op, plan, maxDegreeOfParallelism);
        else
            BlockedDriver<T, TKernel>.Run(op, plan);
    }

    /// <summary>
    /// Whether a non-transposed B is packed rather than read in place: only when enough row tiles reuse each sliver
    /// to pay for the copy, and then only if there is more than one block of rows or B's row pitch is a multiple of
    /// 4 KiB (every row of a sliver then falls in one L1 set, and an unpacked sliver thrashes). Measured, float, vs
    /// OpenBLAS in one run each: in place, (64×784)·(784×256) 0.85–0.93× → 0.98–1.00×, 32×256×784 0.79–0.87× →
    /// 1.03–1.10×, 64×1000×1000 0.80–0.88× → 1.02×; packed, 64×1024×1024, 64×2048×512 and 144×1024×256 stay at
    /// 0.76×, 0.93× and 0.96× (0.70–0.74× in place); with several row blocks the two are equal (256×256×784, 512³).
    /// </summary>
    internal static bool PackNonTransposedB(int m, nint rowPitchBytes, int mr, int mc) =>
        m > PackBMinRowTiles * mr && (m > mc || rowPitchBytes % 4096 == 0);

    /// <summary>
    /// Whether a non-transposed A is packed rather than read in place: for double, when a whole block of rows is used and
    /// A's row pitch is a multiple of 8 KiB. Then the MC rows of a block fall into at most 8 of the L2's 64 KiB-spaced
    /// set groups (9 or more rows per set: more than an 8-way L2 holds, and 16 KiB pitches overflow 16 ways), and every
    /// pass over them misses. Measured, double vs OpenBLAS, old and new builds interleaved: 2048³ +11–14%, 1024³ −2 to
    /// +7%, 1536³ (12 KiB pitch) and 512³ (4 KiB) no better or worse packed; float packed ran 3–10% slower at 1024³ and
    /// 2048³, so it stays in place.
    /// </summary>
    internal static bool PackNonTransposedA(int m, nint rowPitchBytes, int elementSize, int mc) =>
        elementSize == 8 && m >= mc && rowPitchBytes % 8192 == 0;

    /// <summary>C = β·C, and C = 0 without reading it when β = 0 (BLAS: NaN in C must not survive).</summary>
    private static void ScaleC(in GemmOperands<T> op)
    {
        if (op.Beta == T.One)
            return;
        IsaPath path = Isa.Current;
        for (int i = 0; i < op.M; i++)
        {
            ref T row = ref op.CAt(i, 0);
            if (op.Beta == T.Zero)
                MemoryMarshal.CreateSpan(ref row, op.N).Clear();
            else
                UnaryLoop.Run(ref row, ref row, (nuint)op.N, new ScaleOperator<T>(op.Beta), path);
        }
    }
}
