using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Kernels;

/// <summary>
/// Portable micro-kernel on <see cref="Vector{T}"/>: 6 rows × 2 vectors of whatever width the runtime chose, for
/// platforms without an explicit path of their own.
/// </summary>
internal readonly struct GemmKernel6x2VectorT<T> : IGemmKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static int W => Vector<T>.Count;

    public static int MR => 6;
    public static int NR => 2 * Vector<T>.Count;
    public static GemmBlocking Blocking => Unsafe.SizeOf<T>() == 4 ? new(MC: 144, KC: 256, NC: 4080) : new(MC: 72, KC: 256, NC: 4080);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TA>(int kc, TA ap, ref T a, ref T b, nint rowStrideB, ref T c, nint ldc, nint csc, T alpha, T beta, int mr, int nr)
        where TA : struct, IAPanel
    {
        Vector<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector<T> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        nint o1 = ap.Offset(1), o2 = ap.Offset(2), o3 = ap.Offset(3), o4 = ap.Offset(4), o5 = ap.Offset(5), step = ap.Step;
        nint w = W;
        ref T pa = ref a;
        ref T pb = ref b;
        for (int p = 0; p < kc; p++)
        {
            Vector<T> b0 = Vector.LoadUnsafe(ref pb);
            Vector<T> b1 = Vector.LoadUnsafe(ref Unsafe.Add(ref pb, w));
            Vector<T> av = new Vector<T>(pa);
            c00 = VectorMath.MultiplyAdd(av, b0, c00); c01 = VectorMath.MultiplyAdd(av, b1, c01);
            av = new Vector<T>(Unsafe.Add(ref pa, o1));
            c10 = VectorMath.MultiplyAdd(av, b0, c10); c11 = VectorMath.MultiplyAdd(av, b1, c11);
            av = new Vector<T>(Unsafe.Add(ref pa, o2));
            c20 = VectorMath.MultiplyAdd(av, b0, c20); c21 = VectorMath.MultiplyAdd(av, b1, c21);
            av = new Vector<T>(Unsafe.Add(ref pa, o3));
            c30 = VectorMath.MultiplyAdd(av, b0, c30); c31 = VectorMath.MultiplyAdd(av, b1, c31);
            av = new Vector<T>(Unsafe.Add(ref pa, o4));
            c40 = VectorMath.MultiplyAdd(av, b0, c40); c41 = VectorMath.MultiplyAdd(av, b1, c41);
            av = new Vector<T>(Unsafe.Add(ref pa, o5));
            c50 = VectorMath.MultiplyAdd(av, b0, c50); c51 = VectorMath.MultiplyAdd(av, b1, c51);
            pa = ref Unsafe.Add(ref pa, step);
            pb = ref Unsafe.Add(ref pb, rowStrideB);
        }

        // No call may happen while the accumulators are live (every vector register is caller-saved, and the JIT
        // would spill them inside the loop): full-width tiles are stored inline; partial ones go through a stack tile.
        var kind = TileStore.Classify(beta);
        if (nr == NR && csc == 1)
        {
            StoreRow(c00, c01, ref c, alpha, beta, kind);
            if (mr > 1) StoreRow(c10, c11, ref Unsafe.Add(ref c, ldc), alpha, beta, kind);
            if (mr > 2) StoreRow(c20, c21, ref Unsafe.Add(ref c, 2 * ldc), alpha, beta, kind);
            if (mr > 3) StoreRow(c30, c31, ref Unsafe.Add(ref c, 3 * ldc), alpha, beta, kind);
            if (mr > 4) StoreRow(c40, c41, ref Unsafe.Add(ref c, 4 * ldc), alpha, beta, kind);
            if (mr > 5) StoreRow(c50, c51, ref Unsafe.Add(ref c, 5 * ldc), alpha, beta, kind);
        }
        else
        {
            Span<T> tile = stackalloc T[6 * 2 * Vector<T>.Count];
            ref T t = ref tile[0];
            nint nrK = NR;
            c00.StoreUnsafe(ref t); c01.StoreUnsafe(ref t, (nuint)w);
            c10.StoreUnsafe(ref t, (nuint)nrK); c11.StoreUnsafe(ref t, (nuint)(nrK + w));
            c20.StoreUnsafe(ref t, (nuint)(2 * nrK)); c21.StoreUnsafe(ref t, (nuint)(2 * nrK + w));
            c30.StoreUnsafe(ref t, (nuint)(3 * nrK)); c31.StoreUnsafe(ref t, (nuint)(3 * nrK + w));
            c40.StoreUnsafe(ref t, (nuint)(4 * nrK)); c41.StoreUnsafe(ref t, (nuint)(4 * nrK + w));
            c50.StoreUnsafe(ref t, (nuint)(5 * nrK)); c51.StoreUnsafe(ref t, (nuint)(5 * nrK + w));
            TileStore.Partial<T>(tile, NR, ref c, ldc, csc, mr, nr, alpha, beta, kind);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(Vector<T> x0, Vector<T> x1, ref T c, T alpha, T beta, TileStore.BetaKind kind)
    {
        Vector<T> va = new Vector<T>(alpha);
        ref T c1 = ref Unsafe.Add(ref c, W);
        switch (kind)
        {
            case TileStore.BetaKind.Zero:
                (va * x0).StoreUnsafe(ref c);
                (va * x1).StoreUnsafe(ref c1);
                break;
            case TileStore.BetaKind.One:
                VectorMath.MultiplyAdd(va, x0, Vector.LoadUnsafe(ref c)).StoreUnsafe(ref c);
                VectorMath.MultiplyAdd(va, x1, Vector.LoadUnsafe(ref c1)).StoreUnsafe(ref c1);
                break;
            default:
                Vector<T> vb = new Vector<T>(beta);
                VectorMath.MultiplyAdd(va, x0, vb * Vector.LoadUnsafe(ref c)).StoreUnsafe(ref c);
                VectorMath.MultiplyAdd(va, x1, vb * Vector.LoadUnsafe(ref c1)).StoreUnsafe(ref c1);
                break;
        }
    }
}
