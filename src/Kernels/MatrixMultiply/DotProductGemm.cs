using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using Kernels.Simd;

namespace Kernels.MatrixMultiply;

/// <summary>
/// GEMM for a C only a few columns wide (a classifier's ten outputs) with the rows of op(A) contiguous in k: every
/// element of C is the dot product of a row of op(A) and a row of op(B)ᵀ. Tiles of 4 rows × 3 columns keep 12 vector
/// accumulators running along k — each vector of A feeds 3 fused multiply-adds, each vector of op(B)ᵀ 4 — and are
/// reduced across lanes once per tile. The register-tiled kernel would fill 10 of its 16 columns, or compute Cᵀ and
/// pay for transposing all of A and storing C element by element; here A is read in place, no lane is wasted, and only
/// op(B)ᵀ (n×k, small) is copied — not even that when B is stored transposed (X·Wᵀ in a network's forward pass).
/// </summary>
/// <remarks>
/// Each element is summed in a fixed order (lane-wise partial sums, a fixed reduction tree, then the k tail below one
/// vector), within the GEMM's γ_k bound; <see cref="GemmPlanner.DotProductsPay"/> decides from the shape alone, so the
/// result never depends on the thread count.
/// </remarks>
[SkipLocalsInit]
internal static class DotProductGemm<T, TV, TOps, TMask>
    where T : unmanaged, IFloatingPointIeee754<T> where TV : struct where TOps : struct, IVectorOps<TV, T>
    where TMask : struct, IMaskedMoves<TV, T>
{
    /// <summary>C = α·op(A)·op(B) + β·C for a validated problem with op(A) not transposed (β = 0: C not read).</summary>
    /// <param name="op">The problem; <see cref="GemmOperands{T}.TransA"/> must be false.</param>
    /// <param name="useAvx">Whether copying op(B)ᵀ may transpose in AVX registers (the Vector256 path only).</param>
    /// <param name="threads">Threads to split the rows over (the plan's; 1: the calling thread alone).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run(in GemmOperands<T> op, bool useAvx, int threads)
    {
        ref T bt = ref TransposedB(op, useAvx, out nint ldbt);
        if (threads > 1)
        {
            // The workers read op(B)ᵀ where this thread put it (packing buffers are pinned); ranges of whole 4-row
            // tiles, so every tile is the one a single thread would compute.
            ParallelGemm.Run(op, new Range((nint)Unsafe.AsPointer(ref bt), ldbt), splitColumns: false, GemmTuning.DotProductRowUnit, threads);
            return;
        }
        Run(op, ref bt, ldbt);
    }

    // Row j of op(B)ᵀ is column j of op(B): B itself when it is stored transposed, else a copy with rows padded to
    // whole vectors (aligned loads), in this thread's packing buffer.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ref T TransposedB(in GemmOperands<T> op, bool useAvx, out nint ldbt)
    {
        if (op.TransB)
        {
            ldbt = op.Ldb;
            return ref op.B;
        }
        ldbt = (op.K + TOps.Count - 1) / TOps.Count * (nint)TOps.Count;
        ref T bt = ref PackBuffers<T>.B(ldbt * op.N);
        Packing.TransposeInto(ref op.B, op.Ldb, op.K, op.N, ref bt, ldbt, useAvx);
        return ref bt;
    }

    /// <summary>One range of rows of a parallel call, op(B)ᵀ already in place.</summary>
    private readonly unsafe struct Range(nint bt, nint ldbt) : ParallelGemm.IRangeJob<T>
    {
        public void Run(in GemmOperands<T> range) => DotProductGemm<T, TV, TOps, TMask>.Run(range, ref Unsafe.AsRef<T>((void*)bt), ldbt);
    }

    // Row block by row block (4 rows), and across all of C's few columns within each: the 4 rows of A stay in L1 while
    // every column tile reads them, so A streams from memory once, and op(B)ᵀ (n×k, small) stays in cache throughout.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run(in GemmOperands<T> op, ref T bt, nint ldbt)
    {
        int m = op.M;
        TileStore.BetaKind kind = TileStore.Classify(op.Beta);
        int i = 0;
        for (; i + 4 <= m; i += 4)
            RowBlock<Count.Four>(op, i, ref bt, ldbt, kind);
        switch (m - i)
        {
            case 3: RowBlock<Count.Three>(op, i, ref bt, ldbt, kind); break;
            case 2: RowBlock<Count.Two>(op, i, ref bt, ldbt, kind); break;
            case 1: RowBlock<Count.One>(op, i, ref bt, ldbt, kind); break;
        }
    }

    // TRows rows of C from row i, every column: tiles of three columns; a remainder of 4 runs as 2 + 2, not 3 + 1 (a
    // one-column tile has 4 accumulator chains, too few to hide the FMA latency).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RowBlock<TRows>(in GemmOperands<T> op, int i, ref T bt, nint ldbt, TileStore.BetaKind kind) where TRows : struct, ICount
    {
        int n = op.N, k = op.K;
        ref T a = ref Unsafe.Add(ref op.A, i * op.Lda);
        for (int j = 0; j < n;)
        {
            int left = n - j, cols = left is 4 or 2 ? 2 : left == 1 ? 1 : 3;
            ref T btj = ref Unsafe.Add(ref bt, j * ldbt);
            ref T c = ref op.CAt(i, j);
            if (cols == 3)
                Tile<TRows, Count.Three>(k, ref a, op.Lda, ref btj, ldbt, ref c, op.Ldc, op.Csc, op.Alpha, op.Beta, kind);
            else if (cols == 2)
                Tile<TRows, Count.Two>(k, ref a, op.Lda, ref btj, ldbt, ref c, op.Ldc, op.Csc, op.Alpha, op.Beta, kind);
            else
                Tile<TRows, Count.One>(k, ref a, op.Lda, ref btj, ldbt, ref c, op.Ldc, op.Csc, op.Alpha, op.Beta, kind);
            j += cols;
        }
    }

    /// <summary>The sums of one tile, column by column: element (i, j) at j·4 + i.</summary>
    [InlineArray(12)]
    private struct TileSums
    {
        private T _first;
    }

    // One TRows×TCols tile (at most 4×3). Unused rows and columns are folded away by the JIT: no loads, no accumulators.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TRows, TCols>(int k, ref T a0, nint lda, ref T b0, nint ldbt, ref T c, nint ldc, nint csc,
        T alpha, T beta, TileStore.BetaKind kind) where TRows : struct, ICount where TCols : struct, ICount
    {
        int rows = TRows.Value, cols = TCols.Value;
        ref T a1 = ref Unsafe.Add(ref a0, rows > 1 ? lda : 0), a2 = ref Unsafe.Add(ref a0, rows > 2 ? 2 * lda : 0), a3 = ref Unsafe.Add(ref a0, rows > 3 ? 3 * lda : 0);
        ref T b1 = ref Unsafe.Add(ref b0, cols > 1 ? ldbt : 0), b2 = ref Unsafe.Add(ref b0, cols > 2 ? 2 * ldbt : 0);
        TV s00 = TOps.Zero, s01 = s00, s02 = s00, s10 = s00, s11 = s00, s12 = s00, s20 = s00, s21 = s00, s22 = s00, s30 = s00, s31 = s00, s32 = s00;
        nint w = TOps.Count, p = 0;
        for (; p + w <= k; p += w)
        {
            TV x0 = TOps.Load(ref b0, p);
            TV x1 = cols > 1 ? TOps.Load(ref b1, p) : x0;
            TV x2 = cols > 2 ? TOps.Load(ref b2, p) : x0;
            TV y = TOps.Load(ref a0, p);
            s00 = TOps.MultiplyAdd(y, x0, s00);
            if (cols > 1) s01 = TOps.MultiplyAdd(y, x1, s01);
            if (cols > 2) s02 = TOps.MultiplyAdd(y, x2, s02);
            if (rows > 1)
            {
                y = TOps.Load(ref a1, p);
                s10 = TOps.MultiplyAdd(y, x0, s10);
                if (cols > 1) s11 = TOps.MultiplyAdd(y, x1, s11);
                if (cols > 2) s12 = TOps.MultiplyAdd(y, x2, s12);
            }
            if (rows > 2)
            {
                y = TOps.Load(ref a2, p);
                s20 = TOps.MultiplyAdd(y, x0, s20);
                if (cols > 1) s21 = TOps.MultiplyAdd(y, x1, s21);
                if (cols > 2) s22 = TOps.MultiplyAdd(y, x2, s22);
            }
            if (rows > 3)
            {
                y = TOps.Load(ref a3, p);
                s30 = TOps.MultiplyAdd(y, x0, s30);
                if (cols > 1) s31 = TOps.MultiplyAdd(y, x1, s31);
                if (cols > 2) s32 = TOps.MultiplyAdd(y, x2, s32);
            }
        }

        if (TMask.IsSupported && p < k)
        {
            // The last few k steps as one masked vector step: masked-off lanes read nothing and add 0·0.
            TV mask = TMask.FirstLanes((int)(k - p));
            TV x0 = TMask.Load(ref Unsafe.Add(ref b0, p), mask);
            TV x1 = cols > 1 ? TMask.Load(ref Unsafe.Add(ref b1, p), mask) : x0;
            TV x2 = cols > 2 ? TMask.Load(ref Unsafe.Add(ref b2, p), mask) : x0;
            TV y = TMask.Load(ref Unsafe.Add(ref a0, p), mask);
            s00 = TOps.MultiplyAdd(y, x0, s00);
            if (cols > 1) s01 = TOps.MultiplyAdd(y, x1, s01);
            if (cols > 2) s02 = TOps.MultiplyAdd(y, x2, s02);
            if (rows > 1)
            {
                y = TMask.Load(ref Unsafe.Add(ref a1, p), mask);
                s10 = TOps.MultiplyAdd(y, x0, s10);
                if (cols > 1) s11 = TOps.MultiplyAdd(y, x1, s11);
                if (cols > 2) s12 = TOps.MultiplyAdd(y, x2, s12);
            }
            if (rows > 2)
            {
                y = TMask.Load(ref Unsafe.Add(ref a2, p), mask);
                s20 = TOps.MultiplyAdd(y, x0, s20);
                if (cols > 1) s21 = TOps.MultiplyAdd(y, x1, s21);
                if (cols > 2) s22 = TOps.MultiplyAdd(y, x2, s22);
            }
            if (rows > 3)
            {
                y = TMask.Load(ref Unsafe.Add(ref a3, p), mask);
                s30 = TOps.MultiplyAdd(y, x0, s30);
                if (cols > 1) s31 = TOps.MultiplyAdd(y, x1, s31);
                if (cols > 2) s32 = TOps.MultiplyAdd(y, x2, s32);
            }
            p = k;
        }

        Unsafe.SkipInit(out TileSums sums);
        ref T s = ref Unsafe.As<TileSums, T>(ref sums);
        Reduce4(s00, s10, s20, s30, ref s);
        if (cols > 1) Reduce4(s01, s11, s21, s31, ref Unsafe.Add(ref s, 4));
        if (cols > 2) Reduce4(s02, s12, s22, s32, ref Unsafe.Add(ref s, 8));
        if (p < k)
            ScalarTail<TRows, TCols>(p, k, ref a0, lda, ref b0, ldbt, ref s);

        Store<TRows, TCols>(ref s, ref c, ldc, csc, alpha, beta, kind);
    }

    // The k tail below one vector, where there are no masked loads: scalar steps added to the finished sums.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void ScalarTail<TRows, TCols>(nint p, int k, ref T a0, nint lda, ref T b0, nint ldbt, ref T s)
        where TRows : struct, ICount where TCols : struct, ICount
    {
        int rows = TRows.Value, cols = TCols.Value;
        for (; p < k; p++)
        {
            T y0 = Unsafe.Add(ref b0, p);
            T y1 = cols > 1 ? Unsafe.Add(ref b0, ldbt + p) : y0, y2 = cols > 2 ? Unsafe.Add(ref b0, 2 * ldbt + p) : y0;
            for (int i = 0; i < rows; i++)
            {
                T x = Unsafe.Add(ref a0, i * lda + p);
                ref T si = ref Unsafe.Add(ref s, i);
                si = VectorMath.MultiplyAdd(x, y0, si);
                if (cols > 1) Unsafe.Add(ref si, 4) = VectorMath.MultiplyAdd(x, y1, Unsafe.Add(ref si, 4));
                if (cols > 2) Unsafe.Add(ref si, 8) = VectorMath.MultiplyAdd(x, y2, Unsafe.Add(ref si, 8));
            }
        }
    }

    // c[i, j] = α·s[j·4 + i] + β·c[i, j], unrolled over the tile's constant shape; the β case was chosen once per call.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TRows, TCols>(ref T s, ref T c, nint ldc, nint csc, T alpha, T beta, TileStore.BetaKind kind)
        where TRows : struct, ICount where TCols : struct, ICount
    {
        int rows = TRows.Value;
        if (kind == TileStore.BetaKind.Zero)
        {
            StoreRow<TCols, Flag.Yes>(ref s, ref c, csc, alpha, beta);
            if (rows > 1) StoreRow<TCols, Flag.Yes>(ref Unsafe.Add(ref s, 1), ref Unsafe.Add(ref c, ldc), csc, alpha, beta);
            if (rows > 2) StoreRow<TCols, Flag.Yes>(ref Unsafe.Add(ref s, 2), ref Unsafe.Add(ref c, 2 * ldc), csc, alpha, beta);
            if (rows > 3) StoreRow<TCols, Flag.Yes>(ref Unsafe.Add(ref s, 3), ref Unsafe.Add(ref c, 3 * ldc), csc, alpha, beta);
        }
        else
        {
            if (kind == TileStore.BetaKind.One)
                beta = T.One; // the same fused multiply-add as the general case: α·s + 1·c rounds once, like α·s + c
            StoreRow<TCols, Flag.No>(ref s, ref c, csc, alpha, beta);
            if (rows > 1) StoreRow<TCols, Flag.No>(ref Unsafe.Add(ref s, 1), ref Unsafe.Add(ref c, ldc), csc, alpha, beta);
            if (rows > 2) StoreRow<TCols, Flag.No>(ref Unsafe.Add(ref s, 2), ref Unsafe.Add(ref c, 2 * ldc), csc, alpha, beta);
            if (rows > 3) StoreRow<TCols, Flag.No>(ref Unsafe.Add(ref s, 3), ref Unsafe.Add(ref c, 3 * ldc), csc, alpha, beta);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow<TCols, TBetaZero>(ref T s, ref T c, nint csc, T alpha, T beta)
        where TCols : struct, ICount where TBetaZero : struct, IFlag
    {
        int cols = TCols.Value;
        c = Element<TBetaZero>(s, c, alpha, beta);
        if (cols > 1) Unsafe.Add(ref c, csc) = Element<TBetaZero>(Unsafe.Add(ref s, 4), Unsafe.Add(ref c, csc), alpha, beta);
        if (cols > 2) Unsafe.Add(ref c, 2 * csc) = Element<TBetaZero>(Unsafe.Add(ref s, 8), Unsafe.Add(ref c, 2 * csc), alpha, beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Element<TBetaZero>(T sum, T c, T alpha, T beta) where TBetaZero : struct, IFlag =>
        TBetaZero.Value ? alpha * sum : VectorMath.MultiplyAdd(alpha, sum, beta * c);

    /// <summary>The lane sums of four vectors into dst[0..3], by a fixed tree (horizontal adds where the CPU has them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Reduce4(TV v0, TV v1, TV v2, TV v3, ref T dst)
    {
        if (typeof(TV) == typeof(Vector256<float>) && Avx.IsSupported)
        {
            Vector256<float> t = Avx.HorizontalAdd(Avx.HorizontalAdd(As<Vector256<float>>(v0), As<Vector256<float>>(v1)),
                Avx.HorizontalAdd(As<Vector256<float>>(v2), As<Vector256<float>>(v3)));
            (t.GetLower() + t.GetUpper()).StoreUnsafe(ref Unsafe.As<T, float>(ref dst));
        }
        else if (typeof(TV) == typeof(Vector256<double>) && Avx.IsSupported)
        {
            Vector256<double> t01 = Avx.HorizontalAdd(As<Vector256<double>>(v0), As<Vector256<double>>(v1));
            Vector256<double> t23 = Avx.HorizontalAdd(As<Vector256<double>>(v2), As<Vector256<double>>(v3));
            (Avx.Permute2x128(t01, t23, 0x20) + Avx.Permute2x128(t01, t23, 0x31)).StoreUnsafe(ref Unsafe.As<T, double>(ref dst));
        }
        else if (typeof(TV) == typeof(Vector128<float>) && Sse3.IsSupported)
        {
            Sse3.HorizontalAdd(Sse3.HorizontalAdd(As<Vector128<float>>(v0), As<Vector128<float>>(v1)),
                Sse3.HorizontalAdd(As<Vector128<float>>(v2), As<Vector128<float>>(v3))).StoreUnsafe(ref Unsafe.As<T, float>(ref dst));
        }
        else if (typeof(TV) == typeof(Vector128<float>) && AdvSimd.Arm64.IsSupported)
        {
            AdvSimd.Arm64.AddPairwise(AdvSimd.Arm64.AddPairwise(As<Vector128<float>>(v0), As<Vector128<float>>(v1)),
                AdvSimd.Arm64.AddPairwise(As<Vector128<float>>(v2), As<Vector128<float>>(v3))).StoreUnsafe(ref Unsafe.As<T, float>(ref dst));
        }
        else
        {
            dst = TOps.Sum(v0);
            Unsafe.Add(ref dst, 1) = TOps.Sum(v1);
            Unsafe.Add(ref dst, 2) = TOps.Sum(v2);
            Unsafe.Add(ref dst, 3) = TOps.Sum(v3);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TTo As<TTo>(TV v) where TTo : struct => Unsafe.As<TV, TTo>(ref v);
}
