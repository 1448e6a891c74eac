using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Kernels.Platform;
using Kernels.Simd;

namespace Kernels.Matrices;

/// <summary>
/// Column sums over a strided matrix, each column summed top to bottom (the reference's order, so the result is exact
/// with respect to it), two ways. Matrices wider than a register tile and larger than L1 stream their rows through in
/// groups of four, added one after the other into the destination, which stays in L1: x is read once, row after row,
/// contiguously, whatever its width (<see cref="Rows{T, TV, TOps}"/>). Holding a tile of columns in registers while
/// sweeping all the rows instead jumps a row pitch per load, which on a large matrix reads far slower than the row
/// groups. It remains the better way for matrices no wider than the tile, or small enough for L1
/// (<see cref="Tiles{T, TV, TOps}"/>).
/// </summary>
internal static class ColumnSums
{
    /// <summary>Bytes of the destination summed in one pass over the rows (<see cref="CacheBudgets.ColumnSumBlockBytes"/>).</summary>
    private static int BlockBytes => CacheBudgets.Current.ColumnSumBlockBytes;

    /// <summary>Matrices up to this many bytes (from the first element to the last) are summed in register tiles
    /// (<see cref="CacheBudgets.ColumnSumTileBytes"/>).</summary>
    private static int TileBytes => CacheBudgets.Current.ColumnSumTileBytes;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(in MatrixView<T> x, ref T d, IsaPath path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = x.Cols;
        if (path >= IsaPath.Vector256 && Vector256Ops<T>.IsAccelerated && n >= Vector256<T>.Count)
            Vectorized<T, Vector256<T>, Vector256Ops<T>>(x, ref d);
        else if (path >= IsaPath.Vector128 && Vector128Ops<T>.IsAccelerated && n >= Vector128<T>.Count)
            Vectorized<T, Vector128<T>, Vector128Ops<T>>(x, ref d);
        else if (path == IsaPath.VectorT && VectorTOps<T>.IsAccelerated && n >= Vector<T>.Count)
            Vectorized<T, Vector<T>, VectorTOps<T>>(x, ref d);
        else
            Scalar(x, ref d);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Vectorized<T, TV, TOps>(in MatrixView<T> x, ref T d)
        where T : unmanaged, IFloatingPointIeee754<T> where TV : struct where TOps : struct, IVectorOps<TV, T>
    {
        if (x.Cols <= 4 * TOps.Count || x.Extent * sizeof(T) <= TileBytes)
            Tiles<T, TV, TOps>(x, ref d);
        else
            Rows<T, TV, TOps>(x, ref d);
    }

    /// <summary>
    /// Tiles of four vectors of columns held in registers while every row goes past: for a matrix no wider than a tile
    /// (each row is then read whole, in order) or small enough for L1, where the jumps from row to row cost nothing and
    /// no partial sum goes through memory. The last tile ends at the last column, overlapping the one before: the
    /// columns it does again get identical sums, in the same order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tiles<T, TV, TOps>(in MatrixView<T> x, ref T d)
        where T : unmanaged, IFloatingPointIeee754<T> where TV : struct where TOps : struct, IVectorOps<TV, T>
    {
        nint w = TOps.Count, n = x.Cols, lastStart = n - w;
        int rows = x.Rows;
        for (nint j = 0; j < n; j += 4 * w)
        {
            nint o0 = Math.Min(j, lastStart), o1 = Math.Min(j + w, lastStart), o2 = Math.Min(j + 2 * w, lastStart), o3 = Math.Min(j + 3 * w, lastStart);
            TV a0 = TOps.Zero, a1 = a0, a2 = a0, a3 = a0;
            for (int i = 0; i < rows; i++)
            {
                ref T r = ref x.Row(i);
                a0 = TOps.Add(a0, TOps.Load(ref r, o0));
                a1 = TOps.Add(a1, TOps.Load(ref r, o1));
                a2 = TOps.Add(a2, TOps.Load(ref r, o2));
                a3 = TOps.Add(a3, TOps.Load(ref r, o3));
            }
            TOps.Store(a0, ref d, o0);
            TOps.Store(a1, ref d, o1);
            TOps.Store(a2, ref d, o2);
            TOps.Store(a3, ref d, o3);
        }
    }

    /// <summary>
    /// Rows in groups of four added into the destination in order, a block of <see cref="BlockBytes"/> of it at a time
    /// so that the part being summed stays in L1; the columns after the last whole vector are added by scalar code in
    /// the same pass over the rows, while their lines are still in the cache.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Rows<T, TV, TOps>(in MatrixView<T> x, ref T d)
        where T : unmanaged, IFloatingPointIeee754<T> where TV : struct where TOps : struct, IVectorOps<TV, T>
    {
        nint w = TOps.Count, n = x.Cols, whole = n - n % w;
        nint block = Math.Max(w, BlockBytes / sizeof(T) / w * w);
        int rows = x.Rows;
        for (nint j0 = 0; j0 < whole; j0 += block)
        {
            nint jv = Math.Min(j0 + block, whole);   // whole vectors of this block end here
            nint je = j0 + block >= whole ? n : jv;   // the last block also takes the columns after the last whole vector
            // The reference starts every sum from +0 (so a column of −0 sums to +0): so do we.
            Unsafe.InitBlockUnaligned(ref Unsafe.As<T, byte>(ref Unsafe.Add(ref d, j0)), 0, (uint)((je - j0) * sizeof(T)));
            int i = 0;
            for (; i + 4 <= rows; i += 4)
            {
                ref T r0 = ref x.Row(i);
                ref T r1 = ref x.Row(i + 1);
                ref T r2 = ref x.Row(i + 2);
                ref T r3 = ref x.Row(i + 3);
                for (nint j = j0; j < jv; j += w)
                {
                    TV a = TOps.Add(TOps.Load(ref d, j), TOps.Load(ref r0, j));
                    a = TOps.Add(a, TOps.Load(ref r1, j));
                    a = TOps.Add(a, TOps.Load(ref r2, j));
                    TOps.Store(TOps.Add(a, TOps.Load(ref r3, j)), ref d, j);
                }
                for (nint j = jv; j < je; j++)
                    Unsafe.Add(ref d, j) = Unsafe.Add(ref d, j) + Unsafe.Add(ref r0, j) + Unsafe.Add(ref r1, j) + Unsafe.Add(ref r2, j) + Unsafe.Add(ref r3, j);
            }
            for (; i < rows; i++)
            {
                ref T r0 = ref x.Row(i);
                for (nint j = j0; j < jv; j += w)
                    TOps.Store(TOps.Add(TOps.Load(ref d, j), TOps.Load(ref r0, j)), ref d, j);
                for (nint j = jv; j < je; j++)
                    Unsafe.Add(ref d, j) += Unsafe.Add(ref r0, j);
            }
        }
    }

    /// <summary>The scalar path: the same order, a row at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Scalar<T>(in MatrixView<T> x, ref T d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        nint n = x.Cols;
        Unsafe.InitBlockUnaligned(ref Unsafe.As<T, byte>(ref d), 0, (uint)(n * sizeof(T)));
        for (int i = 0; i < x.Rows; i++)
        {
            ref T r = ref x.Row(i);
            for (nint j = 0; j < n; j++)
                Unsafe.Add(ref d, j) += Unsafe.Add(ref r, j);
        }
    }
}
