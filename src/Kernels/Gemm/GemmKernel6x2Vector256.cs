using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Kernels;

/// <summary>
/// AVX2+FMA micro-kernel: 6 rows × 2 Vector256 columns (6×16 for float, 6×8 for double), 12 accumulators, one
/// broadcast of A and two loads of B per k step — the BLIS Haswell/Zen shape. Blocking for Zen-class caches
/// (32 KiB L1d, 512 KiB L2): KC·NR of B = 16 KiB in L1, MC·KC of A ≈ 144 KiB in L2.
/// </summary>
/// <remarks>
/// Edge tiles run specialised copies of the loop with fewer rows (1, 2, 4) or one column vector, so they do only the
/// work they need; columns past the edge of C are written with AVX masked stores (which never touch masked-out
/// memory), so no tile goes through scalar code. Requires C to be pinned (the GEMM entry points pin all operands).
/// </remarks>
internal readonly unsafe struct GemmKernel6x2Vector256<T> : IGemmKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static int W => Vector256<T>.Count;

    public static int MR => 6;
    public static int NR => 2 * Vector256<T>.Count;
    public static GemmBlocking Blocking => sizeof(T) == 4 ? new(MC: 144, KC: 256, NC: 4080) : new(MC: 72, KC: 256, NC: 4080);

    public static void Run<TA>(int kc, TA ap, ref T a, ref T b, nint rowStrideB, ref T c, nint ldc, nint csc, T alpha, T beta, int mr, int nr)
        where TA : struct, IAPanel
    {
        if (nr > W)
        {
            if (mr > 4) Tile<TA, Six, Two>(kc, ap, ref a, ref b, rowStrideB, ref c, ldc, csc, alpha, beta, mr, nr);
            else if (mr > 2) Tile<TA, Four, Two>(kc, ap, ref a, ref b, rowStrideB, ref c, ldc, csc, alpha, beta, mr, nr);
            else if (mr > 1) Tile<TA, Two, Two>(kc, ap, ref a, ref b, rowStrideB, ref c, ldc, csc, alpha, beta, mr, nr);
            else Tile<TA, One, Two>(kc, ap, ref a, ref b, rowStrideB, ref c, ldc, csc, alpha, beta, mr, nr);
        }
        else
        {
            if (mr > 4) Tile<TA, Six, One>(kc, ap, ref a, ref b, rowStrideB, ref c, ldc, csc, alpha, beta, mr, nr);
            else if (mr > 2) Tile<TA, Four, One>(kc, ap, ref a, ref b, rowStrideB, ref c, ldc, csc, alpha, beta, mr, nr);
            else if (mr > 1) Tile<TA, Two, One>(kc, ap, ref a, ref b, rowStrideB, ref c, ldc, csc, alpha, beta, mr, nr);
            else Tile<TA, One, One>(kc, ap, ref a, ref b, rowStrideB, ref c, ldc, csc, alpha, beta, mr, nr);
        }
    }

    // TRows rows (of 6) and TCols column vectors (of 2) of the tile. Rows past mr repeat a valid A row (StridedA) or
    // read zero padding (PackedA); they are computed but not stored.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<TA, TRows, TCols>(int kc, TA ap, ref T a, ref T b, nint rowStrideB, ref T c, nint ldc, nint csc, T alpha, T beta, int mr, int nr)
        where TA : struct, IAPanel where TRows : struct, ICount where TCols : struct, ICount
    {
        Vector256<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<T> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        nint o1 = ap.Offset(1), o2 = ap.Offset(2), o3 = ap.Offset(3), o4 = ap.Offset(4), o5 = ap.Offset(5), step = ap.Step;
        nint w = W;
        bool two = TCols.Value > 1;
        ref T pa = ref a;
        ref T pb = ref b;
        for (int p = 0; p < kc; p++)
        {
            Vector256<T> b0 = Vector256.LoadUnsafe(ref pb);
            Vector256<T> b1 = two ? Vector256.LoadUnsafe(ref Unsafe.Add(ref pb, w)) : default;
            Vector256<T> av = Vector256.Create(pa);
            c00 = VectorMath.MultiplyAdd(av, b0, c00); if (two) c01 = VectorMath.MultiplyAdd(av, b1, c01);
            if (TRows.Value > 1)
            {
                av = Vector256.Create(Unsafe.Add(ref pa, o1));
                c10 = VectorMath.MultiplyAdd(av, b0, c10); if (two) c11 = VectorMath.MultiplyAdd(av, b1, c11);
            }
            if (TRows.Value > 2)
            {
                av = Vector256.Create(Unsafe.Add(ref pa, o2));
                c20 = VectorMath.MultiplyAdd(av, b0, c20); if (two) c21 = VectorMath.MultiplyAdd(av, b1, c21);
                av = Vector256.Create(Unsafe.Add(ref pa, o3));
                c30 = VectorMath.MultiplyAdd(av, b0, c30); if (two) c31 = VectorMath.MultiplyAdd(av, b1, c31);
            }
            if (TRows.Value > 4)
            {
                av = Vector256.Create(Unsafe.Add(ref pa, o4));
                c40 = VectorMath.MultiplyAdd(av, b0, c40); if (two) c41 = VectorMath.MultiplyAdd(av, b1, c41);
                av = Vector256.Create(Unsafe.Add(ref pa, o5));
                c50 = VectorMath.MultiplyAdd(av, b0, c50); if (two) c51 = VectorMath.MultiplyAdd(av, b1, c51);
            }
            pa = ref Unsafe.Add(ref pa, step);
            pb = ref Unsafe.Add(ref pb, rowStrideB);
        }

        // No call happens while the accumulators are live (every vector register is caller-saved; the JIT would spill
        // them inside the loop otherwise).
        var kind = TileStore.Classify(beta);
        if (csc != 1)
        {
            // A transposed C: spill the tile and store it element by element.
            Span<T> tile = stackalloc T[6 * 2 * Vector256<T>.Count];
            ref T t = ref tile[0];
            nint nrK = NR;
            c00.StoreUnsafe(ref t); c01.StoreUnsafe(ref t, (nuint)w);
            c10.StoreUnsafe(ref t, (nuint)nrK); c11.StoreUnsafe(ref t, (nuint)(nrK + w));
            c20.StoreUnsafe(ref t, (nuint)(2 * nrK)); c21.StoreUnsafe(ref t, (nuint)(2 * nrK + w));
            c30.StoreUnsafe(ref t, (nuint)(3 * nrK)); c31.StoreUnsafe(ref t, (nuint)(3 * nrK + w));
            c40.StoreUnsafe(ref t, (nuint)(4 * nrK)); c41.StoreUnsafe(ref t, (nuint)(4 * nrK + w));
            c50.StoreUnsafe(ref t, (nuint)(5 * nrK)); c51.StoreUnsafe(ref t, (nuint)(5 * nrK + w));
            TileStore.Partial<T>(tile, NR, ref c, ldc, csc, mr, nr, alpha, beta, kind);
            return;
        }
        StoreRow(c00, c01, ref c, alpha, beta, kind, nr);
        if (mr > 1) StoreRow(c10, c11, ref Unsafe.Add(ref c, ldc), alpha, beta, kind, nr);
        if (mr > 2) StoreRow(c20, c21, ref Unsafe.Add(ref c, 2 * ldc), alpha, beta, kind, nr);
        if (mr > 3) StoreRow(c30, c31, ref Unsafe.Add(ref c, 3 * ldc), alpha, beta, kind, nr);
        if (mr > 4) StoreRow(c40, c41, ref Unsafe.Add(ref c, 4 * ldc), alpha, beta, kind, nr);
        if (mr > 5) StoreRow(c50, c51, ref Unsafe.Add(ref c, 5 * ldc), alpha, beta, kind, nr);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(Vector256<T> x0, Vector256<T> x1, ref T c, T alpha, T beta, TileStore.BetaKind kind, int nr)
    {
        int w = W;
        if (nr >= w)
        {
            Store(x0, ref c, alpha, beta, kind);
            if (nr == 2 * w) Store(x1, ref Unsafe.Add(ref c, w), alpha, beta, kind);
            else if (nr > w) StoreMasked(x1, ref Unsafe.Add(ref c, w), alpha, beta, kind, nr - w);
        }
        else
        {
            StoreMasked(x0, ref c, alpha, beta, kind, nr);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<T> x, ref T c, T alpha, T beta, TileStore.BetaKind kind)
    {
        Vector256<T> va = Vector256.Create(alpha);
        Vector256<T> r = kind switch
        {
            TileStore.BetaKind.Zero => va * x,
            TileStore.BetaKind.One => VectorMath.MultiplyAdd(va, x, Vector256.LoadUnsafe(ref c)),
            _ => VectorMath.MultiplyAdd(va, x, Vector256.Create(beta) * Vector256.LoadUnsafe(ref c)),
        };
        r.StoreUnsafe(ref c);
    }

    // The first `count` lanes only: vmaskmov neither reads nor writes (nor faults on) the masked-out lanes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreMasked(Vector256<T> x, ref T c, T alpha, T beta, TileStore.BetaKind kind, int count)
    {
        T* p = (T*)Unsafe.AsPointer(ref c);
        Vector256<T> va = Vector256.Create(alpha);
        if (typeof(T) == typeof(float))
        {
            Vector256<float> mask = Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(count)).AsSingle();
            Vector256<T> old = kind == TileStore.BetaKind.Zero ? default : Avx.MaskLoad((float*)p, mask).As<float, T>();
            Vector256<T> r = kind switch
            {
                TileStore.BetaKind.Zero => va * x,
                TileStore.BetaKind.One => VectorMath.MultiplyAdd(va, x, old),
                _ => VectorMath.MultiplyAdd(va, x, Vector256.Create(beta) * old),
            };
            Avx.MaskStore((float*)p, mask, r.AsSingle());
        }
        else
        {
            Vector256<double> mask = Vector256.LessThan(Vector256<long>.Indices, Vector256.Create((long)count)).AsDouble();
            Vector256<T> old = kind == TileStore.BetaKind.Zero ? default : Avx.MaskLoad((double*)p, mask).As<double, T>();
            Vector256<T> r = kind switch
            {
                TileStore.BetaKind.Zero => va * x,
                TileStore.BetaKind.One => VectorMath.MultiplyAdd(va, x, old),
                _ => VectorMath.MultiplyAdd(va, x, Vector256.Create(beta) * old),
            };
            Avx.MaskStore((double*)p, mask, r.AsDouble());
        }
    }
}
