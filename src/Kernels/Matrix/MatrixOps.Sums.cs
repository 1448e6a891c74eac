using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using CommunityToolkit.HighPerformance;

namespace Kernels;

public static partial class MatrixOps
{
    /// <summary>Sums every row: <c>destination[i] = Σ_j x[i, j]</c>.</summary>
    /// <typeparam name="T">float or double (vectorised); other IEEE types run the scalar path.</typeparam>
    /// <param name="x">The matrix.</param>
    /// <param name="destination">One element per row of <paramref name="x"/>; must not overlap it.</param>
    /// <exception cref="ArgumentException">The length of <paramref name="destination"/> is not the height of <paramref name="x"/>, or it overlaps <paramref name="x"/>.</exception>
    /// <remarks>Vector paths sum in several lanes and combine them; each result is within γ_n·Σ_j|x[i, j]| of the exact sum.</remarks>
    public static void SumRows<T>(ReadOnlySpan2D<T> x, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var xv = MatrixView<T>.From(x);
        MatrixGuard.VectorLength(destination, xv.Rows, nameof(destination), "the height of 'x'");
        MatrixGuard.Disjoint(xv, destination, nameof(x), nameof(destination));
        IsaPath path = Isa.Current;
        for (int i = 0; i < xv.Rows; i++)
            destination[i] = Reductions.Sum(ref xv.Row(i), (nuint)xv.Cols, path);
    }

    /// <summary>Sums every column: <c>destination[j] = Σ_i x[i, j]</c> (the bias gradient of a batch, before averaging).</summary>
    /// <typeparam name="T">float or double (vectorised); other IEEE types run the scalar path.</typeparam>
    /// <param name="x">The matrix, one sample per row.</param>
    /// <param name="destination">One element per column of <paramref name="x"/>; must not overlap it.</param>
    /// <exception cref="ArgumentException">The length of <paramref name="destination"/> is not the width of <paramref name="x"/>, or it overlaps <paramref name="x"/>.</exception>
    /// <remarks>Exact with respect to the reference: each column is summed top to bottom on every path, as the reference does.</remarks>
    public static void SumColumns<T>(ReadOnlySpan2D<T> x, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var xv = MatrixView<T>.From(x);
        MatrixGuard.VectorLength(destination, xv.Cols, nameof(destination), "the width of 'x'");
        MatrixGuard.Disjoint(xv, destination, nameof(x), nameof(destination));
        ColumnSums.Run(xv, ref Guard.Ref(destination), Isa.Current);
    }
}

/// <summary>
/// Column sums over a strided matrix: blocks of columns are held in vector accumulators while the rows stream past,
/// so each column is summed in row order (the reference's order) and x is read once. The last block overlaps the
/// previous one rather than running past the width; recomputed columns get identical values.
/// </summary>
internal static class ColumnSums
{
    public static void Run<T>(in MatrixView<T> x, ref T d, IsaPath path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        nuint n = (nuint)x.Cols;
        int rows = x.Rows;
        if (path == IsaPath.Vector256 && Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported && n >= (nuint)Vector256<T>.Count)
        {
            nuint w = (nuint)Vector256<T>.Count;
            nuint j = 0;
            for (; j + 4 * w <= n; j += 4 * w)
            {
                Vector256<T> a0 = Vector256<T>.Zero, a1 = a0, a2 = a0, a3 = a0;
                for (int i = 0; i < rows; i++)
                {
                    ref T r = ref x.Row(i);
                    a0 += Vector256.LoadUnsafe(ref r, j);
                    a1 += Vector256.LoadUnsafe(ref r, j + w);
                    a2 += Vector256.LoadUnsafe(ref r, j + 2 * w);
                    a3 += Vector256.LoadUnsafe(ref r, j + 3 * w);
                }
                a0.StoreUnsafe(ref d, j); a1.StoreUnsafe(ref d, j + w); a2.StoreUnsafe(ref d, j + 2 * w); a3.StoreUnsafe(ref d, j + 3 * w);
            }
            for (; j < n; j += w)
            {
                nuint jj = j + w <= n ? j : n - w;
                Vector256<T> a0 = Vector256<T>.Zero;
                for (int i = 0; i < rows; i++)
                    a0 += Vector256.LoadUnsafe(ref x.Row(i), jj);
                a0.StoreUnsafe(ref d, jj);
            }
        }
        else if (path >= IsaPath.Vector128 && Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported && n >= (nuint)Vector128<T>.Count)
        {
            nuint w = (nuint)Vector128<T>.Count;
            nuint j = 0;
            for (; j + 4 * w <= n; j += 4 * w)
            {
                Vector128<T> a0 = Vector128<T>.Zero, a1 = a0, a2 = a0, a3 = a0;
                for (int i = 0; i < rows; i++)
                {
                    ref T r = ref x.Row(i);
                    a0 += Vector128.LoadUnsafe(ref r, j);
                    a1 += Vector128.LoadUnsafe(ref r, j + w);
                    a2 += Vector128.LoadUnsafe(ref r, j + 2 * w);
                    a3 += Vector128.LoadUnsafe(ref r, j + 3 * w);
                }
                a0.StoreUnsafe(ref d, j); a1.StoreUnsafe(ref d, j + w); a2.StoreUnsafe(ref d, j + 2 * w); a3.StoreUnsafe(ref d, j + 3 * w);
            }
            for (; j < n; j += w)
            {
                nuint jj = j + w <= n ? j : n - w;
                Vector128<T> a0 = Vector128<T>.Zero;
                for (int i = 0; i < rows; i++)
                    a0 += Vector128.LoadUnsafe(ref x.Row(i), jj);
                a0.StoreUnsafe(ref d, jj);
            }
        }
        else if (path == IsaPath.VectorT && Vector.IsHardwareAccelerated && Vector<T>.IsSupported && n >= (nuint)Vector<T>.Count)
        {
            nuint w = (nuint)Vector<T>.Count;
            for (nuint j = 0; j < n; j += w)
            {
                nuint jj = j + w <= n ? j : n - w;
                Vector<T> a0 = Vector<T>.Zero;
                for (int i = 0; i < rows; i++)
                    a0 += Vector.LoadUnsafe(ref x.Row(i), jj);
                a0.StoreUnsafe(ref d, jj);
            }
        }
        else
        {
            for (nuint j = 0; j < n; j++)
            {
                T s = T.Zero;
                for (int i = 0; i < rows; i++)
                    s += Unsafe.Add(ref x.Row(i), j);
                Unsafe.Add(ref d, j) = s;
            }
        }
    }
}
