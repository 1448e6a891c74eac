using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Kernels.Simd;

namespace Kernels.MatrixMultiply;

/// <summary>
/// ARM64 AdvSimd micro-kernel: 8 rows × 3 Vector128 columns (8×12 for float, 8×6 for double). ARM64 has 32 vector
/// registers, so a taller, wider tile than x64's fits: 24 accumulators, 3 loads of B and 8 broadcasts of A per k step,
/// 24 fused multiply-adds.
/// </summary>
internal readonly struct AdvSimdMicroKernel8x3<T> : IMicroKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static int W => Vector128<T>.Count;

    public static int MR => 8;
    public static int NR => 3 * Vector128<T>.Count;

    // Partial slivers read in place: none: its edge tiles load all three vectors of a row.
    public static int InPlaceEdgeColumns => 0;

    // No masked loads: edge slivers are packed.
    public static bool MaskedEdgeLoads => false;
    public static void RunMaskedEdgeRows(int rows, int kc, nint aRowStride, nint aColumnStride, ref T a, ref T b, nint rowStrideB,
        ref T c, nint ldc, nint csc, T alpha, T beta, int nr) => throw new NotSupportedException();

    public static void RunRows(int rows, int kc, nint aRowStride, nint aColumnStride, ref T a, ref T b, nint rowStrideB, ref T c, nint ldc, T alpha, T beta) =>
        TileLoops<T, AdvSimdMicroKernel8x3<T>>.RunRows(rows, kc, aRowStride, aColumnStride, ref a, ref b, rowStrideB, ref c, ldc, alpha, beta);

    public static void RunWholeTiles<TA>(int tiles, int kc, TA ap, ref T a, nint aTileStep, ref T b, nint rowStrideB, ref T c, nint ldc, T alpha, T beta)
        where TA : struct, IAPanel =>
        TileLoops<T, AdvSimdMicroKernel8x3<T>>.RunWholeTiles(tiles, kc, ap, ref a, aTileStep, ref b, rowStrideB, ref c, ldc, alpha, beta);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TA>(int kc, TA ap, ref T a, ref T b, nint rowStrideB, ref T c, nint ldc, nint csc, T alpha, T beta, int mr, int nr)
        where TA : struct, IAPanel
    {
        Vector128<T> c00 = default, c01 = default, c02 = default, c10 = default, c11 = default, c12 = default, c20 = default, c21 = default, c22 = default, c30 = default, c31 = default, c32 = default;
        Vector128<T> c40 = default, c41 = default, c42 = default, c50 = default, c51 = default, c52 = default, c60 = default, c61 = default, c62 = default, c70 = default, c71 = default, c72 = default;
        nint o1 = ap.Offset(1), o2 = ap.Offset(2), o3 = ap.Offset(3), o4 = ap.Offset(4), o5 = ap.Offset(5), o6 = ap.Offset(6), o7 = ap.Offset(7);
        nint step = ap.Step, w = W;
        ref T pa = ref a;
        ref T pb = ref b;
        for (int p = 0; p < kc; p++)
        {
            Vector128<T> b0 = Vector128.LoadUnsafe(ref pb);
            Vector128<T> b1 = Vector128.LoadUnsafe(ref Unsafe.Add(ref pb, w));
            Vector128<T> b2 = Vector128.LoadUnsafe(ref Unsafe.Add(ref pb, 2 * w));
            Vector128<T> av;
            av = Vector128.Create(pa);
            c00 = VectorMath.MultiplyAdd(av, b0, c00); c01 = VectorMath.MultiplyAdd(av, b1, c01); c02 = VectorMath.MultiplyAdd(av, b2, c02);
            av = Vector128.Create(Unsafe.Add(ref pa, o1));
            c10 = VectorMath.MultiplyAdd(av, b0, c10); c11 = VectorMath.MultiplyAdd(av, b1, c11); c12 = VectorMath.MultiplyAdd(av, b2, c12);
            av = Vector128.Create(Unsafe.Add(ref pa, o2));
            c20 = VectorMath.MultiplyAdd(av, b0, c20); c21 = VectorMath.MultiplyAdd(av, b1, c21); c22 = VectorMath.MultiplyAdd(av, b2, c22);
            av = Vector128.Create(Unsafe.Add(ref pa, o3));
            c30 = VectorMath.MultiplyAdd(av, b0, c30); c31 = VectorMath.MultiplyAdd(av, b1, c31); c32 = VectorMath.MultiplyAdd(av, b2, c32);
            av = Vector128.Create(Unsafe.Add(ref pa, o4));
            c40 = VectorMath.MultiplyAdd(av, b0, c40); c41 = VectorMath.MultiplyAdd(av, b1, c41); c42 = VectorMath.MultiplyAdd(av, b2, c42);
            av = Vector128.Create(Unsafe.Add(ref pa, o5));
            c50 = VectorMath.MultiplyAdd(av, b0, c50); c51 = VectorMath.MultiplyAdd(av, b1, c51); c52 = VectorMath.MultiplyAdd(av, b2, c52);
            av = Vector128.Create(Unsafe.Add(ref pa, o6));
            c60 = VectorMath.MultiplyAdd(av, b0, c60); c61 = VectorMath.MultiplyAdd(av, b1, c61); c62 = VectorMath.MultiplyAdd(av, b2, c62);
            av = Vector128.Create(Unsafe.Add(ref pa, o7));
            c70 = VectorMath.MultiplyAdd(av, b0, c70); c71 = VectorMath.MultiplyAdd(av, b1, c71); c72 = VectorMath.MultiplyAdd(av, b2, c72);
            pa = ref Unsafe.Add(ref pa, step);
            pb = ref Unsafe.Add(ref pb, rowStrideB);
        }

        // No call while accumulators are live (see VectorMicroKernel6x2): full-width tiles inline, partial via a stack tile.
        var kind = TileStore.Classify(beta);
        if (nr == NR && csc == 1)
        {
            StoreRow(c00, c01, c02, ref c, alpha, beta, kind);
            if (mr > 1) StoreRow(c10, c11, c12, ref Unsafe.Add(ref c, 1 * ldc), alpha, beta, kind);
            if (mr > 2) StoreRow(c20, c21, c22, ref Unsafe.Add(ref c, 2 * ldc), alpha, beta, kind);
            if (mr > 3) StoreRow(c30, c31, c32, ref Unsafe.Add(ref c, 3 * ldc), alpha, beta, kind);
            if (mr > 4) StoreRow(c40, c41, c42, ref Unsafe.Add(ref c, 4 * ldc), alpha, beta, kind);
            if (mr > 5) StoreRow(c50, c51, c52, ref Unsafe.Add(ref c, 5 * ldc), alpha, beta, kind);
            if (mr > 6) StoreRow(c60, c61, c62, ref Unsafe.Add(ref c, 6 * ldc), alpha, beta, kind);
            if (mr > 7) StoreRow(c70, c71, c72, ref Unsafe.Add(ref c, 7 * ldc), alpha, beta, kind);
        }
        else
        {
            Span<T> tile = stackalloc T[8 * 3 * Vector128<T>.Count];
            ref T t = ref tile[0];
            nint nrK = NR;
            c00.StoreUnsafe(ref t, (nuint)(0)); c01.StoreUnsafe(ref t, (nuint)(w)); c02.StoreUnsafe(ref t, (nuint)(2 * w));
            c10.StoreUnsafe(ref t, (nuint)(1 * nrK)); c11.StoreUnsafe(ref t, (nuint)(1 * nrK + w)); c12.StoreUnsafe(ref t, (nuint)(1 * nrK + 2 * w));
            c20.StoreUnsafe(ref t, (nuint)(2 * nrK)); c21.StoreUnsafe(ref t, (nuint)(2 * nrK + w)); c22.StoreUnsafe(ref t, (nuint)(2 * nrK + 2 * w));
            c30.StoreUnsafe(ref t, (nuint)(3 * nrK)); c31.StoreUnsafe(ref t, (nuint)(3 * nrK + w)); c32.StoreUnsafe(ref t, (nuint)(3 * nrK + 2 * w));
            c40.StoreUnsafe(ref t, (nuint)(4 * nrK)); c41.StoreUnsafe(ref t, (nuint)(4 * nrK + w)); c42.StoreUnsafe(ref t, (nuint)(4 * nrK + 2 * w));
            c50.StoreUnsafe(ref t, (nuint)(5 * nrK)); c51.StoreUnsafe(ref t, (nuint)(5 * nrK + w)); c52.StoreUnsafe(ref t, (nuint)(5 * nrK + 2 * w));
            c60.StoreUnsafe(ref t, (nuint)(6 * nrK)); c61.StoreUnsafe(ref t, (nuint)(6 * nrK + w)); c62.StoreUnsafe(ref t, (nuint)(6 * nrK + 2 * w));
            c70.StoreUnsafe(ref t, (nuint)(7 * nrK)); c71.StoreUnsafe(ref t, (nuint)(7 * nrK + w)); c72.StoreUnsafe(ref t, (nuint)(7 * nrK + 2 * w));
            TileStore.Partial<T>(tile, NR, ref c, ldc, csc, mr, nr, alpha, beta, kind);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(Vector128<T> x0, Vector128<T> x1, Vector128<T> x2, ref T c, T alpha, T beta, TileStore.BetaKind kind)
    {
        Vector128<T> va = Vector128.Create(alpha);
        ref T c1 = ref Unsafe.Add(ref c, W);
        ref T c2 = ref Unsafe.Add(ref c, 2 * W);
        switch (kind)
        {
            case TileStore.BetaKind.Zero:
                (va * x0).StoreUnsafe(ref c);
                (va * x1).StoreUnsafe(ref c1);
                (va * x2).StoreUnsafe(ref c2);
                break;
            case TileStore.BetaKind.One:
                VectorMath.MultiplyAdd(va, x0, Vector128.LoadUnsafe(ref c)).StoreUnsafe(ref c);
                VectorMath.MultiplyAdd(va, x1, Vector128.LoadUnsafe(ref c1)).StoreUnsafe(ref c1);
                VectorMath.MultiplyAdd(va, x2, Vector128.LoadUnsafe(ref c2)).StoreUnsafe(ref c2);
                break;
            default:
                Vector128<T> vb = Vector128.Create(beta);
                VectorMath.MultiplyAdd(va, x0, vb * Vector128.LoadUnsafe(ref c)).StoreUnsafe(ref c);
                VectorMath.MultiplyAdd(va, x1, vb * Vector128.LoadUnsafe(ref c1)).StoreUnsafe(ref c1);
                VectorMath.MultiplyAdd(va, x2, vb * Vector128.LoadUnsafe(ref c2)).StoreUnsafe(ref c2);
                break;
        }
    }
}
