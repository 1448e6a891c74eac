using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Kernels.Simd;

namespace Kernels.MatrixMultiply;

/// <summary>
/// The 6×2-vector micro-kernel, written once over <see cref="IVectorOps{TV, T}"/>: 6 rows × 2 vectors of columns
/// (with AVX2 6×16 float / 6×8 double, the BLIS Haswell/Zen shape; with SSE or 128-bit <see cref="Vector{T}"/>
/// 6×8 / 6×4), 12 accumulators, one broadcast of A and two loads of B per k step. The JIT specialises it per vector
/// type, so each ISA gets its own machine code.
/// </summary>
/// <remarks>
/// <para>
/// Blocking for Zen-class caches (32 KiB L1d, 512 KiB L2): KC·NR of B (16 KiB for float on AVX2) stays in L1 while A
/// streams, MC·KC of A (≈ 144 KiB) in L2.
/// </para>
/// <para>
/// Edge tiles run JIT-specialised copies of the loop with fewer rows (5, 4, 2, 1) or one column vector, so they do only the
/// work they need. Columns past the edge of C are stored with masked moves where the vector type has them (AVX), else
/// the tile is spilled and stored element by element, as is every tile of a transposed C; with AVX, the small-problem
/// driver also lets edge tiles read a partial sliver of B in place, under masked loads (<see cref="RunMaskedEdgeRows"/>). No call happens while the
/// accumulators are live: every vector register is caller-saved, and the JIT would otherwise spill them inside the loop.
/// </para>
/// </remarks>
[SkipLocalsInit] // the accumulator buffer is written before it is read; zeroing the frame would cost every tile
internal readonly struct VectorMicroKernel6x2<T, TV, TOps, TMasks> : IMicroKernel<T>
    where T : unmanaged, IFloatingPointIeee754<T> where TV : struct where TOps : struct, IVectorOps<TV, T> where TMasks : struct, IMaskedMoves<TV, T>
{
    private static int W
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => TOps.Count;
    }

    public static int MR => 6;

    public static int NR
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)] // asked inside tile bodies, after they have used the inlining budget
        get => 2 * TOps.Count;
    }

    // Partial slivers read in place: one vector: its half-width edge tiles load only the first vector of a row.
    public static int InPlaceEdgeColumns => TOps.Count;

    // Inlined into the driver's loops: one call per tile, not two.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run<TA>(int kc, TA ap, ref T a, ref T b, nint rowStrideB, ref T c, nint ldc, nint csc, T alpha, T beta, int mr, int nr)
        where TA : struct, IAPanel
    {
        // Whole tiles of a row-major C (nearly all of them) get an epilogue without masks or calls, which keeps the
        // accumulators in registers to the end; edge tiles and a transposed C hand them over through memory.
        if (nr == NR && csc == 1)
        {
            if (mr > 4) Tile<TA, Count.Six, Count.Two, Flag.Yes, FullB>(kc, ap, ref a, ref b, rowStrideB, ref c, ldc, csc, alpha, beta, mr, nr);
            else if (mr > 2) Tile<TA, Count.Four, Count.Two, Flag.Yes, FullB>(kc, ap, ref a, ref b, rowStrideB, ref c, ldc, csc, alpha, beta, mr, nr);
            else if (mr > 1) Tile<TA, Count.Two, Count.Two, Flag.Yes, FullB>(kc, ap, ref a, ref b, rowStrideB, ref c, ldc, csc, alpha, beta, mr, nr);
            else Tile<TA, Count.One, Count.Two, Flag.Yes, FullB>(kc, ap, ref a, ref b, rowStrideB, ref c, ldc, csc, alpha, beta, mr, nr);
        }
        else
            RunEdge<TA, FullB>(kc, ap, ref a, ref b, rowStrideB, ref c, ldc, csc, alpha, beta, mr, nr);
    }

    // Tiles cut by the right edge of C, and every tile of a transposed C. Kept out of Run so that Run stays small
    // enough to be inlined into the driver's loops (with all twelve variants it was not: a second call per tile).
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void RunEdge<TA, TB>(int kc, TA ap, ref T a, ref T b, nint rowStrideB, ref T c, nint ldc, nint csc, T alpha, T beta, int mr, int nr)
        where TA : struct, IAPanel where TB : struct, IBLoads
    {
        if (nr == W && csc == 1)
        {
            // Exactly one vector wide (a sliver of 8 floats: n = 8, 24, 40 …): whole-vector stores straight from the six
            // accumulators, as for a whole tile, not through memory and a masked epilogue.
            if (mr > 4) Tile<TA, Count.Six, Count.One, Flag.Yes, FullB>(kc, ap, ref a, ref b, rowStrideB, ref c, ldc, csc, alpha, beta, mr, nr);
            else if (mr > 2) Tile<TA, Count.Four, Count.One, Flag.Yes, FullB>(kc, ap, ref a, ref b, rowStrideB, ref c, ldc, csc, alpha, beta, mr, nr);
            else if (mr > 1) Tile<TA, Count.Two, Count.One, Flag.Yes, FullB>(kc, ap, ref a, ref b, rowStrideB, ref c, ldc, csc, alpha, beta, mr, nr);
            else Tile<TA, Count.One, Count.One, Flag.Yes, FullB>(kc, ap, ref a, ref b, rowStrideB, ref c, ldc, csc, alpha, beta, mr, nr);
        }
        else if (nr > W)
        {
            if (mr > 4) Tile<TA, Count.Six, Count.Two, Flag.No, TB>(kc, ap, ref a, ref b, rowStrideB, ref c, ldc, csc, alpha, beta, mr, nr);
            else if (mr > 2) Tile<TA, Count.Four, Count.Two, Flag.No, TB>(kc, ap, ref a, ref b, rowStrideB, ref c, ldc, csc, alpha, beta, mr, nr);
            else if (mr > 1) Tile<TA, Count.Two, Count.Two, Flag.No, TB>(kc, ap, ref a, ref b, rowStrideB, ref c, ldc, csc, alpha, beta, mr, nr);
            else Tile<TA, Count.One, Count.Two, Flag.No, TB>(kc, ap, ref a, ref b, rowStrideB, ref c, ldc, csc, alpha, beta, mr, nr);
        }
        else
        {
            if (mr > 4) Tile<TA, Count.Six, Count.One, Flag.No, TB>(kc, ap, ref a, ref b, rowStrideB, ref c, ldc, csc, alpha, beta, mr, nr);
            else if (mr > 2) Tile<TA, Count.Four, Count.One, Flag.No, TB>(kc, ap, ref a, ref b, rowStrideB, ref c, ldc, csc, alpha, beta, mr, nr);
            else if (mr > 1) Tile<TA, Count.Two, Count.One, Flag.No, TB>(kc, ap, ref a, ref b, rowStrideB, ref c, ldc, csc, alpha, beta, mr, nr);
            else Tile<TA, Count.One, Count.One, Flag.No, TB>(kc, ap, ref a, ref b, rowStrideB, ref c, ldc, csc, alpha, beta, mr, nr);
        }
    }

    /// <summary>
    /// Every row of an edge sliver (<paramref name="nr"/> &lt; NR, not one whole vector) reading B in place, the vector
    /// that the edge cuts loaded with an AVX mask: no packed copy of the sliver, and nothing read past the row's
    /// <paramref name="nr"/> columns (masked-out lanes never fault). Only where <see cref="MaskedEdgeLoads"/>. The 6- and
    /// 4-row tile bodies are inlined into one loop each, as in <see cref="RunRows"/>, and the epilogue is one call per
    /// tile: two calls per tile through the edge dispatch slowed small products markedly.
    /// </summary>
    public static void RunMaskedEdgeRows(int rows, int kc, nint aRowStride, nint aColumnStride, ref T a, ref T b, nint rowStrideB,
        ref T c, nint ldc, nint csc, T alpha, T beta, int nr)
    {
        if (nr > W)
            MaskedEdgeRows<Count.Two>(rows, kc, aRowStride, aColumnStride, ref a, ref b, rowStrideB, ref c, ldc, csc, alpha, beta, nr);
        else
            MaskedEdgeRows<Count.One>(rows, kc, aRowStride, aColumnStride, ref a, ref b, rowStrideB, ref c, ldc, csc, alpha, beta, nr);
    }

    // The tiles of RowSplit.Of (6-row ones, then a 5-row one or one or two of 3–4 rows), the 6- and 4-row bodies inlined.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void MaskedEdgeRows<TCols>(int rows, int kc, nint aRowStride, nint aColumnStride, ref T a, ref T b, nint rowStrideB,
        ref T c, nint ldc, nint csc, T alpha, T beta, int nr) where TCols : struct, ICount
    {
        var (full, tail) = RowSplit.Of(rows, 6);
        int sixTiles = full;
        if (tail == 5)
        {
            sixTiles++;
            tail = 0;
        }
        for (int t = 0; t < sixTiles; t++)
        {
            int mr = t < full ? 6 : 5;
            TileBody<StridedA, Count.Six, TCols, Flag.No, MaskedB>(kc, new StridedA(aRowStride, aColumnStride, mr), ref a, ref b, rowStrideB, ref c, ldc, csc, alpha, beta, mr, nr);
            a = ref Unsafe.Add(ref a, mr * aRowStride);
            c = ref Unsafe.Add(ref c, mr * ldc);
        }
        for (; tail > 2; )
        {
            int mr = tail > 4 ? 4 : tail;
            TileBody<StridedA, Count.Four, TCols, Flag.No, MaskedB>(kc, new StridedA(aRowStride, aColumnStride, mr), ref a, ref b, rowStrideB, ref c, ldc, csc, alpha, beta, mr, nr);
            a = ref Unsafe.Add(ref a, mr * aRowStride);
            c = ref Unsafe.Add(ref c, mr * ldc);
            tail -= mr;
        }
        if (tail == 2)
            Tile<StridedA, Count.Two, TCols, Flag.No, MaskedB>(kc, new StridedA(aRowStride, aColumnStride, 2), ref a, ref b, rowStrideB, ref c, ldc, csc, alpha, beta, 2, nr);
        else if (tail == 1)
            Tile<StridedA, Count.One, TCols, Flag.No, MaskedB>(kc, new StridedA(aRowStride, aColumnStride, 1), ref a, ref b, rowStrideB, ref c, ldc, csc, alpha, beta, 1, nr);
    }

    /// <summary>Whether <see cref="RunMaskedEdgeRows"/> can run: the vector type has masked loads (AVX).</summary>
    public static bool MaskedEdgeLoads
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => TMasks.IsSupported;
    }

    /// <summary>How a tile loads the vector of a B row that may be cut by the edge of C (the last one of the tile).</summary>
    private interface IBLoads
    {
        /// <summary>What <see cref="Last"/> needs to load the first <paramref name="count"/> lanes, made once per tile.</summary>
        static abstract TV Mask(int count);

        /// <summary>The vector at <paramref name="offset"/>, of which the lanes <paramref name="mask"/> selects are columns of C.</summary>
        static abstract TV Last(ref T row, nint offset, TV mask);
    }

    /// <summary>Packed (zero-padded) or whole slivers: a plain load.</summary>
    private readonly struct FullB : IBLoads
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Mask(int count) => TOps.Zero;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Last(ref T row, nint offset, TV mask) => TOps.Load(ref row, offset);
    }

    /// <summary>A partial sliver read in place: a masked load of the valid lanes, zeros in the rest.</summary>
    private readonly struct MaskedB : IBLoads
    {
        // Made before the k loop: the JIT does not hoist it, and rebuilt for every row of B it put three more
        // instructions ahead of each masked load. With 16 vector registers a two-vector tile has none left for it and
        // reloads it from the stack each step: one load, still less.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Mask(int count) => TMasks.FirstLanes(count);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Last(ref T row, nint offset, TV mask) => TMasks.Load(ref Unsafe.Add(ref row, offset), mask);
    }

    /// <summary>
    /// <paramref name="tiles"/> whole 6×NR tiles of a row-major C down one sliver of B, A advancing
    /// <paramref name="aTileStep"/> elements and C six rows per tile: the tile body inlined into one loop, so
    /// consecutive tiles share one call, one frame and one set of register saves.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunWholeTiles<TA>(int tiles, int kc, TA ap, ref T a, nint aTileStep, ref T b, nint rowStrideB, ref T c, nint ldc, T alpha, T beta)
        where TA : struct, IAPanel =>
        WholeTiles<TA, Count.Six>(tiles, kc, ap, ref a, aTileStep, ref b, rowStrideB, ref c, ldc, alpha, beta, NR);

    // Consecutive whole tiles of TRows rows down one sliver, the tile body inlined into one loop (6 rows: RunWholeTiles;
    // 5 rows: inlined into RunRows, see there).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WholeTiles<TA, TRows>(int tiles, int kc, TA ap, ref T a, nint aTileStep, ref T b, nint rowStrideB, ref T c, nint ldc, T alpha, T beta, int nr)
        where TA : struct, IAPanel where TRows : struct, ICount
    {
        int mr = TRows.Value;
        nint cTileStep = mr * ldc;
        for (int t = 0; t < tiles; t++)
        {
            TileBody<TA, TRows, Count.Two, Flag.Yes, FullB>(kc, ap, ref a, ref b, rowStrideB, ref c, ldc, 1, alpha, beta, mr, nr);
            a = ref Unsafe.Add(ref a, aTileStep);
            c = ref Unsafe.Add(ref c, cTileStep);
        }
    }

    /// <summary>
    /// All rows of one whole sliver: ⌈rows / 6⌉ tiles as nearly equal in height as can be (<see cref="RowSplit.Balanced"/>),
    /// so 6- and 5-row tiles wherever there are enough rows: 32 rows run as 6, 6, 5, 5, 5, 5 rather than 6, 6, 6, 6, 4, 4,
    /// and 16 as 6, 5, 5 rather than 6, 6, 4. A 4-row tile has eight accumulator chains, just as many as keep two FMA
    /// pipes busy through four cycles of latency; five rows leave a cycle in hand. The 6- and 5-row tile bodies are both
    /// inlined here: behind a call a shorter tile costs as much as a 6-row one, so 5-row tiles pay only inlined. The
    /// rest, at most two tiles of 4 rows or fewer, are a call each. Which tile holds a row does not change its sums, so
    /// the split changes no rounding.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunRows(int rows, int kc, nint aRowStride, nint aColumnStride, ref T a, ref T b, nint rowStrideB, ref T c, nint ldc, T alpha, T beta)
    {
        // NR read before the tile body is inlined: after it, the JIT's inlining budget is spent and even NR became a call.
        int nr = NR;
        var (sixes, fives) = RowSplit.Balanced(rows);
        var six = new StridedA(aRowStride, aColumnStride, 6);
        for (int t = 0; t < sixes; t++)
        {
            TileBody<StridedA, Count.Six, Count.Two, Flag.Yes, FullB>(kc, six, ref a, ref b, rowStrideB, ref c, ldc, 1, alpha, beta, 6, nr);
            a = ref Unsafe.Add(ref a, 6 * aRowStride);
            c = ref Unsafe.Add(ref c, 6 * ldc);
        }
        if (fives > 0)
        {
            WholeTiles<StridedA, Count.Five>(fives, kc, new StridedA(aRowStride, aColumnStride, 5), ref a, 5 * aRowStride, ref b, rowStrideB, ref c, ldc, alpha, beta, nr);
            a = ref Unsafe.Add(ref a, fives * 5 * aRowStride);
            c = ref Unsafe.Add(ref c, fives * 5 * ldc);
        }
        int tail = rows - 6 * sixes - 5 * fives;
        while (tail > 0)
        {
            int mr = tail > 4 ? 4 : tail;
            var panel = new StridedA(aRowStride, aColumnStride, mr);
            if (mr > 2) Tile<StridedA, Count.Four, Count.Two, Flag.Yes, FullB>(kc, panel, ref a, ref b, rowStrideB, ref c, ldc, 1, alpha, beta, mr, nr);
            else if (mr > 1) Tile<StridedA, Count.Two, Count.Two, Flag.Yes, FullB>(kc, panel, ref a, ref b, rowStrideB, ref c, ldc, 1, alpha, beta, mr, nr);
            else Tile<StridedA, Count.One, Count.Two, Flag.Yes, FullB>(kc, panel, ref a, ref b, rowStrideB, ref c, ldc, 1, alpha, beta, mr, nr);
            a = ref Unsafe.Add(ref a, mr * aRowStride);
            c = ref Unsafe.Add(ref c, mr * ldc);
            tail -= mr;
        }
    }

    // Never inlined into the dispatching methods (RunEdge): with several tile bodies in one frame they ran slower.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TA, TRows, TCols, TWhole, TB>(int kc, TA ap, ref T a, ref T b, nint rowStrideB, ref T c, nint ldc, nint csc, T alpha, T beta, int mr, int nr)
        where TA : struct, IAPanel where TRows : struct, ICount where TCols : struct, ICount where TWhole : struct, IFlag where TB : struct, IBLoads =>
        TileBody<TA, TRows, TCols, TWhole, TB>(kc, ap, ref a, ref b, rowStrideB, ref c, ldc, csc, alpha, beta, mr, nr);

    // TRows rows (of 6; 5 only for whole tiles from RunRows) and TCols column vectors (of 2). Rows past mr repeat a valid A row (StridedA) or read zero
    // padding (PackedA); they are computed but not stored.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TileBody<TA, TRows, TCols, TWhole, TB>(int kc, TA ap, ref T a, ref T b, nint rowStrideB, ref T c, nint ldc, nint csc, T alpha, T beta, int mr, int nr)
        where TA : struct, IAPanel where TRows : struct, ICount where TCols : struct, ICount where TWhole : struct, IFlag where TB : struct, IBLoads
    {
        TV c00 = TOps.Zero, c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        TV c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        nint o1 = ap.Offset(1), o2 = ap.Offset(2), o3 = ap.Offset(3), o4 = ap.Offset(4), o5 = ap.Offset(5), step = ap.Step;
        nint w = W;
        bool two = TCols.Value > 1;
        TV lastMask = TB.Mask(two ? nr - (int)w : nr);
        ref T pa = ref a;
        ref T pb = ref b;
        for (int p = 0; p < kc; p++)
        {
            TV b0 = two ? TOps.Load(ref pb, 0) : TB.Last(ref pb, 0, lastMask);
            TV b1 = two ? TB.Last(ref pb, w, lastMask) : TOps.Zero;
            TV av = TOps.Broadcast(pa);
            c00 = TOps.MultiplyAdd(av, b0, c00); if (two) c01 = TOps.MultiplyAdd(av, b1, c01);
            if (TRows.Value > 1)
            {
                av = TOps.Broadcast(Unsafe.Add(ref pa, o1));
                c10 = TOps.MultiplyAdd(av, b0, c10); if (two) c11 = TOps.MultiplyAdd(av, b1, c11);
            }
            if (TRows.Value > 2)
            {
                av = TOps.Broadcast(Unsafe.Add(ref pa, o2));
                c20 = TOps.MultiplyAdd(av, b0, c20); if (two) c21 = TOps.MultiplyAdd(av, b1, c21);
                av = TOps.Broadcast(Unsafe.Add(ref pa, o3));
                c30 = TOps.MultiplyAdd(av, b0, c30); if (two) c31 = TOps.MultiplyAdd(av, b1, c31);
            }
            if (TRows.Value > 4)
            {
                av = TOps.Broadcast(Unsafe.Add(ref pa, o4));
                c40 = TOps.MultiplyAdd(av, b0, c40); if (two) c41 = TOps.MultiplyAdd(av, b1, c41);
            }
            if (TRows.Value > 5)
            {
                av = TOps.Broadcast(Unsafe.Add(ref pa, o5));
                c50 = TOps.MultiplyAdd(av, b0, c50); if (two) c51 = TOps.MultiplyAdd(av, b1, c51);
            }
            pa = ref Unsafe.Add(ref pa, step);
            pb = ref Unsafe.Add(ref pb, rowStrideB);
        }

        if (TWhole.Value)
        {
            var whole = TileStore.Classify(beta);
            StoreWholeRow<TCols>(c00, c01, ref c, alpha, beta, whole);
            if (mr > 1) StoreWholeRow<TCols>(c10, c11, ref Unsafe.Add(ref c, ldc), alpha, beta, whole);
            if (mr > 2) StoreWholeRow<TCols>(c20, c21, ref Unsafe.Add(ref c, 2 * ldc), alpha, beta, whole);
            if (mr > 3) StoreWholeRow<TCols>(c30, c31, ref Unsafe.Add(ref c, 3 * ldc), alpha, beta, whole);
            if (mr > 4) StoreWholeRow<TCols>(c40, c41, ref Unsafe.Add(ref c, 4 * ldc), alpha, beta, whole);
            if (mr > 5) StoreWholeRow<TCols>(c50, c51, ref Unsafe.Add(ref c, 5 * ldc), alpha, beta, whole);
            return;
        }

        // Edge tiles: the accumulators leave registers here, through memory, for the masked or element-wise stores.
        // Kept live alongside that epilogue (masks, a call), they made the JIT spill all twelve inside the k loop
        // whenever it had 16 vector registers (AVX2 without AVX-512, SSE). (A local buffer, not stackalloc: a method
        // with stackalloc is never inlined.)
        Unsafe.SkipInit(out EdgeTile edge);
        ref TV acc = ref edge[0];
        Unsafe.Add(ref acc, 0) = c00; Unsafe.Add(ref acc, 1) = c01;
        if (TRows.Value > 1) { Unsafe.Add(ref acc, 2) = c10; Unsafe.Add(ref acc, 3) = c11; }
        if (TRows.Value > 2) { Unsafe.Add(ref acc, 4) = c20; Unsafe.Add(ref acc, 5) = c21; Unsafe.Add(ref acc, 6) = c30; Unsafe.Add(ref acc, 7) = c31; }
        if (TRows.Value > 4) { Unsafe.Add(ref acc, 8) = c40; Unsafe.Add(ref acc, 9) = c41; }
        if (TRows.Value > 5) { Unsafe.Add(ref acc, 10) = c50; Unsafe.Add(ref acc, 11) = c51; }
        StoreTile(ref acc, ref c, ldc, csc, alpha, beta, mr, nr);
    }

    /// <summary>An edge tile's accumulators: row i in vectors 2i and 2i + 1.</summary>
    [InlineArray(12)]
    private struct EdgeTile
    {
        private TV _first;
    }

    /// <summary>A finished tile in 12 vectors from <paramref name="acc"/>: row i in vectors 2i and 2i + 1 (its pitch is NR elements).</summary>
    /// <remarks>
    /// A call of its own: the accumulators are in memory by now anyway, and inlined into a loop of tile bodies
    /// (<see cref="RunMaskedEdgeRows"/>) it ran out of the JIT's inlining budget and made a call of every row's store.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void StoreTile(ref TV acc, ref T c, nint ldc, nint csc, T alpha, T beta, int mr, int nr)
    {
        var kind = TileStore.Classify(beta);
        if (csc != 1 || nr != NR && !TMasks.IsSupported)
        {
            TileStore.Partial<T>(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<TV, T>(ref acc), 12 * W), NR, ref c, ldc, csc, mr, nr, alpha, beta, kind);
            return;
        }
        StoreRow(Unsafe.Add(ref acc, 0), Unsafe.Add(ref acc, 1), ref c, alpha, beta, kind, nr);
        if (mr > 1) StoreRow(Unsafe.Add(ref acc, 2), Unsafe.Add(ref acc, 3), ref Unsafe.Add(ref c, ldc), alpha, beta, kind, nr);
        if (mr > 2) StoreRow(Unsafe.Add(ref acc, 4), Unsafe.Add(ref acc, 5), ref Unsafe.Add(ref c, 2 * ldc), alpha, beta, kind, nr);
        if (mr > 3) StoreRow(Unsafe.Add(ref acc, 6), Unsafe.Add(ref acc, 7), ref Unsafe.Add(ref c, 3 * ldc), alpha, beta, kind, nr);
        if (mr > 4) StoreRow(Unsafe.Add(ref acc, 8), Unsafe.Add(ref acc, 9), ref Unsafe.Add(ref c, 4 * ldc), alpha, beta, kind, nr);
        if (mr > 5) StoreRow(Unsafe.Add(ref acc, 10), Unsafe.Add(ref acc, 11), ref Unsafe.Add(ref c, 5 * ldc), alpha, beta, kind, nr);
    }

    // A row of a whole tile into C: two full vectors (one, for a tile one vector wide).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreWholeRow<TCols>(TV x0, TV x1, ref T c, T alpha, T beta, TileStore.BetaKind kind) where TCols : struct, ICount
    {
        TOps.Store(Combine(x0, kind == TileStore.BetaKind.Zero ? TOps.Zero : TOps.Load(ref c, 0), alpha, beta, kind), ref c, 0);
        if (TCols.Value > 1)
            TOps.Store(Combine(x1, kind == TileStore.BetaKind.Zero ? TOps.Zero : TOps.Load(ref c, W), alpha, beta, kind), ref c, W);
    }

    // A row of the tile into C: whole vectors where they fit, the rest with a masked move (only reached when the ops have them).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(TV x0, TV x1, ref T c, T alpha, T beta, TileStore.BetaKind kind, int nr)
    {
        int w = W;
        if (nr >= w)
        {
            TOps.Store(Combine(x0, kind == TileStore.BetaKind.Zero ? TOps.Zero : TOps.Load(ref c, 0), alpha, beta, kind), ref c, 0);
            if (nr == 2 * w)
                TOps.Store(Combine(x1, kind == TileStore.BetaKind.Zero ? TOps.Zero : TOps.Load(ref c, w), alpha, beta, kind), ref c, w);
            else if (nr > w)
                TMasks.StoreFirst(Combine(x1, kind == TileStore.BetaKind.Zero ? TOps.Zero : TMasks.LoadFirst(ref Unsafe.Add(ref c, w), nr - w), alpha, beta, kind),
                    ref Unsafe.Add(ref c, w), nr - w);
        }
        else
        {
            TMasks.StoreFirst(Combine(x0, kind == TileStore.BetaKind.Zero ? TOps.Zero : TMasks.LoadFirst(ref c, nr), alpha, beta, kind), ref c, nr);
        }
    }

    // α·acc + β·old: β = 0 ignores old (C is not read), β = 1 is one fused multiply-add.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Combine(TV acc, TV old, T alpha, T beta, TileStore.BetaKind kind) => kind switch
    {
        TileStore.BetaKind.Zero => TOps.Multiply(TOps.Broadcast(alpha), acc),
        TileStore.BetaKind.One => TOps.MultiplyAdd(TOps.Broadcast(alpha), acc, old),
        _ => TOps.MultiplyAdd(TOps.Broadcast(alpha), acc, TOps.Multiply(TOps.Broadcast(beta), old)),
    };
}
