using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Kernels.MatrixMultiply;

/// <summary>
/// The scalar micro-kernel: a 4×4 tile in 16 scalar accumulators, products and sums rounded separately (no FMA), like
/// the reference loop. It runs the forced Scalar path and machines without SIMD through the same five-loop driver.
/// </summary>
internal readonly struct ScalarMicroKernel4x4<T> : IMicroKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int MR => 4;
    public static int NR => 4;

    // Partial slivers read in place: none: its edge tiles read all four columns of a row.
    public static int InPlaceEdgeColumns => 0;

    // No masked loads: edge slivers are packed.
    public static bool MaskedEdgeLoads => false;
    public static void RunMaskedEdgeRows(int rows, int kc, nint aRowStride, nint aColumnStride, ref T a, ref T b, nint rowStrideB,
        ref T c, nint ldc, nint csc, T alpha, T beta, int nr) => throw new NotSupportedException();

    public static void RunRows(int rows, int kc, nint aRowStride, nint aColumnStride, ref T a, ref T b, nint rowStrideB, ref T c, nint ldc, T alpha, T beta) =>
        TileLoops<T, ScalarMicroKernel4x4<T>>.RunRows(rows, kc, aRowStride, aColumnStride, ref a, ref b, rowStrideB, ref c, ldc, alpha, beta);

    public static void RunWholeTiles<TA>(int tiles, int kc, TA ap, ref T a, nint aTileStep, ref T b, nint rowStrideB, ref T c, nint ldc, T alpha, T beta)
        where TA : struct, IAPanel =>
        TileLoops<T, ScalarMicroKernel4x4<T>>.RunWholeTiles(tiles, kc, ap, ref a, aTileStep, ref b, rowStrideB, ref c, ldc, alpha, beta);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TA>(int kc, TA ap, ref T a, ref T b, nint rowStrideB, ref T c, nint ldc, nint csc, T alpha, T beta, int mr, int nr)
        where TA : struct, IAPanel
    {
        T c00 = T.Zero, c01 = T.Zero, c02 = T.Zero, c03 = T.Zero, c10 = T.Zero, c11 = T.Zero, c12 = T.Zero, c13 = T.Zero, c20 = T.Zero, c21 = T.Zero, c22 = T.Zero, c23 = T.Zero, c30 = T.Zero, c31 = T.Zero, c32 = T.Zero, c33 = T.Zero;
        nint o1 = ap.Offset(1), o2 = ap.Offset(2), o3 = ap.Offset(3), step = ap.Step;
        ref T pa = ref a;
        ref T pb = ref b;
        for (int p = 0; p < kc; p++)
        {
            T b0 = pb, b1 = Unsafe.Add(ref pb, 1), b2 = Unsafe.Add(ref pb, 2), b3 = Unsafe.Add(ref pb, 3);
            T a0 = pa;
            T a1 = Unsafe.Add(ref pa, o1);
            T a2 = Unsafe.Add(ref pa, o2);
            T a3 = Unsafe.Add(ref pa, o3);
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
            pa = ref Unsafe.Add(ref pa, step);
            pb = ref Unsafe.Add(ref pb, rowStrideB);
        }

        var kind = TileStore.Classify(beta);
        StoreRow(c00, c01, c02, c03, ref c, csc, alpha, beta, kind, nr);
        if (mr > 1) StoreRow(c10, c11, c12, c13, ref Unsafe.Add(ref c, 1 * ldc), csc, alpha, beta, kind, nr);
        if (mr > 2) StoreRow(c20, c21, c22, c23, ref Unsafe.Add(ref c, 2 * ldc), csc, alpha, beta, kind, nr);
        if (mr > 3) StoreRow(c30, c31, c32, c33, ref Unsafe.Add(ref c, 3 * ldc), csc, alpha, beta, kind, nr);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(T x0, T x1, T x2, T x3, ref T c, nint csc, T alpha, T beta, TileStore.BetaKind kind, int nr)
    {
        Store(x0, ref c, alpha, beta, kind);
        if (nr > 1) Store(x1, ref Unsafe.Add(ref c, csc), alpha, beta, kind);
        if (nr > 2) Store(x2, ref Unsafe.Add(ref c, 2 * csc), alpha, beta, kind);
        if (nr > 3) Store(x3, ref Unsafe.Add(ref c, 3 * csc), alpha, beta, kind);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(T x, ref T c, T alpha, T beta, TileStore.BetaKind kind) =>
        c = kind switch
        {
            TileStore.BetaKind.Zero => alpha * x,
            TileStore.BetaKind.One => alpha * x + c,
            _ => alpha * x + beta * c,
        };
}
