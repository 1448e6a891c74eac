using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using CommunityToolkit.HighPerformance;
using Kernels.Matrices;
using Kernels.Validation;
using Kernels.Vectors;

namespace Kernels;

public static partial class MatrixOps
{
    /// <summary>
    /// Softmax of every row, computed stably: <c>destination[i, j] = exp(x[i, j] − m_i) / Σ_k exp(x[i, k] − m_i)</c> with
    /// m_i the row maximum, so no exponential overflows.
    /// </summary>
    /// <typeparam name="T">float or double (vectorised); other IEEE types run the scalar path.</typeparam>
    /// <param name="x">The logits, one sample per row.</param>
    /// <param name="destination">Same shape as <paramref name="x"/>; may be the same view (in place).</param>
    /// <exception cref="ArgumentException">Shapes disagree, or <paramref name="destination"/> overlaps <paramref name="x"/> other than exactly in place.</exception>
    /// <remarks>
    /// Each output is within a few ULPs plus γ_n (n the row length) of the exact value, relatively. A row containing NaN
    /// gives NaN throughout; a row containing +∞ gives NaN too (∞ − ∞), as IEEE arithmetic on the formula does.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SoftmaxRows<T>(ReadOnlySpan2D<T> x, Span2D<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var xv = MatrixView<T>.From(x);
        var dv = MatrixView<T>.From(destination);
        Guard.SameShape(xv, dv, nameof(x), nameof(destination));
        Guard.InPlaceOrDisjoint(xv, dv, nameof(x), nameof(destination));
        if (xv.Cols == 0)
            return;

        IsaPath path = Isa.Current;
        nuint n = (nuint)xv.Cols;
        for (int i = 0; i < xv.Rows; i++)
        {
            ref T xr = ref xv.Row(i);
            ref T dr = ref dv.Row(i);
            T max = Reductions.MaxForShift(ref xr, n, path);
            T sum = Reductions.ExpShiftedAndSum(ref xr, ref dr, n, max, path);
            UnaryLoop.Run(ref dr, ref dr, n, new ScaleOperator<T>(T.One / sum), path);
        }
    }
}
