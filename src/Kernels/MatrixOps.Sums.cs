using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using CommunityToolkit.HighPerformance;
using Kernels.Matrices;
using Kernels.Validation;
using Kernels.Vectors;

namespace Kernels;

public static partial class MatrixOps
{
    /// <summary>Sums every row: <c>destination[i] = Σ_j x[i, j]</c>.</summary>
    /// <typeparam name="T">float or double (vectorised); other IEEE types run the scalar path.</typeparam>
    /// <param name="x">The matrix.</param>
    /// <param name="destination">One element per row of <paramref name="x"/>; must not overlap it.</param>
    /// <exception cref="ArgumentException">The length of <paramref name="destination"/> is not the height of <paramref name="x"/>, or it overlaps <paramref name="x"/>.</exception>
    /// <remarks>Vector paths sum in several lanes and combine them; each result is within γ_n·Σ_j|x[i, j]| of the exact sum.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SumRows<T>(ReadOnlySpan2D<T> x, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var xv = MatrixView<T>.From(x);
        Guard.VectorLength(destination, xv.Rows, nameof(destination), "the height of 'x'");
        Guard.Disjoint(xv, destination, nameof(x), nameof(destination));
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SumColumns<T>(ReadOnlySpan2D<T> x, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var xv = MatrixView<T>.From(x);
        Guard.VectorLength(destination, xv.Cols, nameof(destination), "the width of 'x'");
        Guard.Disjoint(xv, destination, nameof(x), nameof(destination));
        ColumnSums.Run(xv, ref Guard.Ref(destination), Isa.Current);
    }
}

