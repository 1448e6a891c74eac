using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Kernels.MatrixMultiply;

/// <summary>
/// Every rule that decides how a GEMM runs, in the order they are tried; the numbers are <see cref="GemmTuning"/>'s.
/// A plan depends on the shape, the transposes and pitches, the element type, the path, the tuning and the thread
/// budget, never on the data; k is never split across threads, so a result is the same for any thread count.
/// </summary>
internal static class GemmPlanner
{
    /// <summary>The whole plan (what <c>Gemm.Explain</c> shows).</summary>
    public static GemmPlan Plan<T>(in GemmOperands<T> op, IsaPath path, int maxDegreeOfParallelism, GemmTuning tuning)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        TryDirectRoute(op, out GemmRoute route) ? GemmPlan.Direct(route) : PlanTiled(op, path, maxDegreeOfParallelism, tuning);

    /// <summary>
    /// The routes that need no micro-kernel, tried first: a few compares of constants, inlined into the entry point so
    /// that a tiny product pays for nothing else.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryDirectRoute<T>(in GemmOperands<T> op, out GemmRoute route) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (op.M == 0 || op.N == 0)
            route = GemmRoute.Nothing;
        else if (op.K == 0 || op.Alpha == T.Zero)
            route = GemmRoute.ScaleOnly;                        // C = β·C
        else if (op.M == 1 || op.N == 1)
            route = GemmRoute.MatrixVector;                     // one row or column of C: nothing for packing to reuse
        else if (IsTiny<T>(op.M, op.N, op.K, op.TransB))
            route = GemmRoute.Tiny;                             // cheaper than any set-up
        else if (op.K == 1 && op.N >= GemmTuning.RankOneMinColumns && op.Csc == 1 && (!op.TransB || op.Ldb == 1) &&
                 (op.Beta == T.One || op.Beta == T.Zero))
            route = GemmRoute.RankOne;                          // an outer product: C streamed once, row by row
        else
        {
            route = default;
            return false;
        }
        return true;
    }

    /// <summary>Whether a product is cheaper as a plain loop than any tile set-up: at most <see cref="GemmTuning.TinyMaxWork"/>
    /// multiply-adds, or <see cref="GemmTuning.TinyNarrowMaxWork"/> where the tiles would read B's rows partly filled or
    /// packed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsTiny<T>(int m, int n, int k, bool transB) where T : unmanaged
    {
        if (k > GemmTuning.TinyMaxDepth || m > GemmTuning.TinyNarrowMaxWork || n > GemmTuning.TinyNarrowMaxWork)
            return false; // bounds m·n·k below int overflow
        int work = m * n * k, rowBytes = n * Unsafe.SizeOf<T>();
        return work <= GemmTuning.TinyMaxWork ||
               work <= GemmTuning.TinyNarrowMaxWork && k <= GemmTuning.TinyNarrowMaxDepth &&
               (rowBytes < GemmTuning.TinyNarrowRowBytes || transB && rowBytes <= GemmTuning.TinyNarrowRowBytes);
    }

    /// <summary>The tiled routes: which micro-kernel, dot products or tiles, transposed or not, packed or not, split how.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static GemmPlan PlanTiled<T>(in GemmOperands<T> op, IsaPath path, int maxDegreeOfParallelism, GemmTuning tuning)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (PathKernel<T>(path))
        {
            case GemmKernel.Vector256Tile6x2:
                return path == IsaPath.Vector512 && Vector512TilesPay(op, tuning)
                    ? TiledPlan<T, Vector512Tile6x2<T>>(op, maxDegreeOfParallelism, tuning)
                    : TiledPlan<T, Vector256Tile6x2<T>>(op, maxDegreeOfParallelism, tuning);
            case GemmKernel.AdvSimdTile8x3:
                return TiledPlan<T, AdvSimdTile8x3<T>>(op, maxDegreeOfParallelism, tuning);
            case GemmKernel.Vector128Tile6x2:
                return TiledPlan<T, Vector128Tile6x2<T>>(op, maxDegreeOfParallelism, tuning);
            case GemmKernel.VectorTTile6x2:
                return TiledPlan<T, VectorTTile6x2<T>>(op, maxDegreeOfParallelism, tuning);
            default:
                return TiledPlan<T, ScalarTile4x4>(op, maxDegreeOfParallelism, tuning);
        }
    }

    /// <summary>
    /// The plan on one kernel: its dot-product route for a narrow C (or a narrow Cᵀ; vector kernels but the 512-bit one,
    /// which <see cref="Vector512TilesPay"/> only chooses where they lose), else its tiles.
    /// </summary>
    /// <remarks>Generic over the kernel's tile shape, so that every rule divides by constants: a division by a variable
    /// is a visible share of a 16×16 product. Inlined into each kernel's executor.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GemmPlan TiledPlan<T, TShape>(in GemmOperands<T> op, int maxDegreeOfParallelism, GemmTuning tuning)
        where T : unmanaged where TShape : struct, ITileShape
    {
        GemmKernel kernel = TShape.Kernel;
        bool avx = kernel == GemmKernel.Vector256Tile6x2; // only its packing transposes in AVX registers
        if (kernel is not (GemmKernel.ScalarTile4x4 or GemmKernel.Vector512Tile6x2))
        {
            if (DotProductsPay<TShape>(op.TransA, op.M, op.N, op.K, copiesB: !op.TransB))
                return DotProducts(op, kernel, transposed: false, maxDegreeOfParallelism, avx);
            if (DotProductsPay<TShape>(!op.TransB, op.N, op.M, op.K, copiesB: op.TransA))
                return DotProducts(op, kernel, transposed: true, maxDegreeOfParallelism, avx);
        }
        return Tiles<T, TShape>(op, maxDegreeOfParallelism, tuning, avx);
    }

    /// <summary>The micro-kernel of a path, for element type <typeparamref name="T"/> (the vector kernels are written for
    /// float and double).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static GemmKernel PathKernel<T>(IsaPath path) where T : unmanaged
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            return GemmKernel.ScalarTile4x4;
        return path switch
        {
            IsaPath.Vector512 or IsaPath.Vector256 when Vector256.IsHardwareAccelerated && Fma.IsSupported => GemmKernel.Vector256Tile6x2,
            IsaPath.Vector256 or IsaPath.Vector128 when AdvSimd.IsSupported => GemmKernel.AdvSimdTile8x3,
            IsaPath.Vector256 or IsaPath.Vector128 when Vector128.IsHardwareAccelerated => GemmKernel.Vector128Tile6x2,
            IsaPath.VectorT when Vector.IsHardwareAccelerated => GemmKernel.VectorTTile6x2,
            _ => GemmKernel.ScalarTile4x4,
        };
    }

    /// <summary>
    /// Whether C (m×n, op(A) not transposed) runs as dot products: the lanes the register tile would waste — its NR-wide
    /// slivers count whole, since a half-width edge tile has too few accumulator chains to run at full speed — cost more
    /// than the dot products' reduction and scalar stores (<see cref="GemmTuning.DotProductLanesPerElement"/> vectors of
    /// lanes per element of C), and their copy of op(B)ᵀ where B's rows are not already op(B)'s columns
    /// (<see cref="GemmTuning.DotProductLanesPerElementCopying"/>; the tiles read such a B in place).
    /// </summary>
    public static bool DotProductsPay(bool transA, int m, int n, int k, TileShape s, bool copiesB) =>
        !transA && n <= GemmTuning.DotProductMaxColumns &&
        (long)((n + s.NR - 1) / s.NR * s.NR - n) * k > (long)LanesPerElement(copiesB) * s.VectorWidth * n;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool DotProductsPay<TShape>(bool transA, int m, int n, int k, bool copiesB) where TShape : struct, ITileShape =>
        !transA && n <= GemmTuning.DotProductMaxColumns &&
        (long)((n + TShape.NR - 1) / TShape.NR * TShape.NR - n) * k > (long)LanesPerElement(copiesB) * TShape.VectorWidth * n;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int LanesPerElement(bool copiesB) =>
        copiesB ? GemmTuning.DotProductLanesPerElementCopying : GemmTuning.DotProductLanesPerElement;

    /// <summary>
    /// Whether computing Cᵀ = op(B)ᵀ·op(A)ᵀ wastes enough fewer tile lanes (a C ten columns wide fills 10 of 16, but ten
    /// rows are a 6-row and a 4-row tile exactly) to pay for storing every element of C through a scratch tile
    /// (<see cref="GemmTuning.TransposedStoreLanes"/> lanes each).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // mr and nr become constants: no divisions left
    public static bool TransposeIsCheaper(int m, int n, int k, int mr, int nr) =>
        (TileLanes(m, n, mr, nr) - TileLanes(n, m, mr, nr)) * k > GemmTuning.TransposedStoreLanes * (long)m * n;

    // Multiply-add lanes m×n occupies in mr×nr tiles, with the kernels' narrower edge tiles (4, 2, 1 rows; half width).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long TileLanes(int m, int n, int mr, int nr)
    {
        int rm = m % mr, rn = n % nr;
        long rows = (long)(m - rm) + (rm == 0 ? 0 : rm > 4 ? mr : rm > 2 ? 4 : rm > 1 ? 2 : 1);
        long cols = (long)(n - rn) + (rn == 0 ? 0 : rn > nr / 2 ? nr : nr / 2);
        return rows * cols;
    }

    /// <summary>
    /// Whether the 512-bit kernel pays on the Vector512 path: C not narrow (the dot products win there), and, for a
    /// product small enough to run unpacked, C's rows made of whole 512-bit slivers, a half sliver, or an edge narrow
    /// enough for matrix–vector products; other edges would be tiles mostly of padding.
    /// </summary>
    public static bool Vector512TilesPay<T>(in GemmOperands<T> op, GemmTuning tuning) where T : unmanaged
    {
        int nr = Vector512Tile6x2<T>.NR;
        bool small = Unpacked(op.M, op.N, op.K, tuning.Blocking(GemmKernel.Vector512Tile6x2, Unsafe.SizeOf<T>()));
        if (small && op.M < nr && op.N < nr)
            return false; // neither orientation has a whole 512-bit sliver
        if (DotProductsPay<Vector256Tile6x2<T>>(op.TransA, op.M, op.N, op.K, !op.TransB) || DotProductsPay<Vector256Tile6x2<T>>(!op.TransB, op.N, op.M, op.K, op.TransA))
            return false;
        if (!small)
            return true;
        int n = TransposeIsCheaper(op.M, op.N, op.K, Vector512Tile6x2<T>.MR, nr) ? op.M : op.N, edge = n % nr;
        return n >= nr && (edge == 0 || edge == nr / 2 || edge * GemmTuning.EdgeColumnsFraction <= nr);
    }

    /// <summary>A product that fits in cache runs unpacked: m and n up to <see cref="GemmTuning.SmallDimension"/>, k within one KC block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Unpacked(int m, int n, int k, GemmBlocking blocking) =>
        m <= GemmTuning.SmallDimension && n <= GemmTuning.SmallDimension && k <= blocking.KC;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static GemmPlan DotProducts<T>(in GemmOperands<T> op, GemmKernel kernel, bool transposed, int maxDegreeOfParallelism, bool packWithAvx)
        where T : unmanaged
    {
        int m = transposed ? op.N : op.M, n = transposed ? op.M : op.N;
        int threads = Threads(m, n, op.K, m, GemmTuning.DotProductRowUnit, maxDegreeOfParallelism);
        return new GemmPlan(GemmRoute.DotProducts, kernel, transposed, 0, false, false, packWithAvx, default, threads, false, GemmTuning.DotProductRowUnit);
    }

    /// <summary>The register-tiled routes: unpacked or blocked, as the product is or as Cᵀ, with thin last slivers as
    /// matrix–vector products and, for the blocked route, what is packed and how the work is split.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static GemmPlan Tiles<T, TShape>(in GemmOperands<T> op, int maxDegreeOfParallelism, GemmTuning tuning, bool packWithAvx)
        where T : unmanaged where TShape : struct, ITileShape
    {
        GemmKernel kernel = TShape.Kernel;
        int size = Unsafe.SizeOf<T>(), mr = TShape.MR, nr = TShape.NR;
        GemmBlocking blocking = tuning.Blocking(kernel, size);
        bool transposed = TransposeIsCheaper(op.M, op.N, op.K, mr, nr);
        int m = transposed ? op.N : op.M, n = transposed ? op.M : op.N, k = op.K;

        // A last sliver of one or two columns (NR/8 at most) as matrix–vector products: as a tile one vector wide it
        // costs about as much as a whole sliver. Worth it with a tile of rows to share and k at least NR deep.
        int edge = n % nr;
        bool edgeAsVectors = edge != 0 && edge * GemmTuning.EdgeColumnsFraction <= nr && m >= mr && k >= nr &&
                             kernel != GemmKernel.ScalarTile4x4;

        if (Unpacked(m, n, k, blocking))
            return new GemmPlan(GemmRoute.Unpacked, kernel, transposed, edgeAsVectors ? edge : 0, false, false, packWithAvx, blocking, 1, false, 0);

        bool transA = transposed ? !op.TransB : op.TransA, transB = transposed ? !op.TransA : op.TransB;
        long lda = transposed ? op.Ldb : op.Lda, ldb = transposed ? op.Lda : op.Ldb;
        int edgeColumns = edgeAsVectors && n > edge ? edge : 0;
        n -= edgeColumns;
        // B in place while few row tiles reuse each sliver and it stays in L1; A in place unless many slivers reuse a
        // block whose rows crowd a few L2 sets; a transposed operand is always packed.
        bool packB = transB || m > GemmTuning.PackBMinRowTiles * mr && (m > blocking.MC || PackCrowdedB(tuning, m, mr, ldb * size, Math.Min(k, blocking.KC), nr * size));
        bool packA = transA || n > GemmTuning.PackAMinSlivers * nr &&
                     tuning.ABlockL2Crowding(lda * size, Math.Min(m, blocking.MC), Math.Min(k, blocking.KC), size) > 1;
        // Threads take ranges of columns (whole slivers), or of rows (whole tiles) when C is too narrow for that.
        bool splitColumns = n >= m || n >= 4 * nr;
        int unit = splitColumns ? nr : mr;
        int threads = Threads(m, n, k, splitColumns ? n : m, unit, maxDegreeOfParallelism);
        return new GemmPlan(GemmRoute.Blocked, kernel, transposed, edgeColumns, packA, packB, packWithAvx, blocking, threads, splitColumns, unit);
    }

    /// <summary>Whether a sliver of B that crowds L1 is worth packing: at once where it falls in one or two sets, else
    /// only for enough row tiles to pay for the copy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool PackCrowdedB(GemmTuning tuning, int m, int mr, long pitchBytes, int depth, int rowBytes)
    {
        double crowding = tuning.BSliverL1Crowding(pitchBytes, depth, rowBytes);
        return crowding >= GemmTuning.SevereCrowding || crowding > 1 && m > GemmTuning.PackBCrowdedMinRowTiles * mr;
    }

    /// <summary>How many threads take part: none beyond the caller below <see cref="GemmTuning.ParallelMinWork"/>, and never
    /// more than the machine's cores or the units of work.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Threads(int m, int n, int k, int extent, int unit, int maxDegreeOfParallelism)
    {
        if (maxDegreeOfParallelism <= 1 || (long)m * n * k < GemmTuning.ParallelMinWork)
            return 1;
        int units = (extent + unit - 1) / unit;
        return Math.Max(1, Math.Min(Math.Min(maxDegreeOfParallelism, Environment.ProcessorCount), units));
    }
}
