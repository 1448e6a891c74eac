using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using CommunityToolkit.HighPerformance;
using Kernels.Matrices;
using Kernels.Validation;

namespace Kernels;

public static partial class MatrixOps
{
    /// <summary>
    /// The rank-1 update (BLAS ger): <c>c[i, j] += alpha * x[i] * y[j]</c>, i.e. C += α·x·yᵀ, on a strided view.
    /// </summary>
    /// <typeparam name="T">float or double (vectorised); other IEEE types run the scalar path.</typeparam>
    /// <param name="alpha">The factor α.</param>
    /// <param name="x">One element per row of <paramref name="c"/>.</param>
    /// <param name="y">One element per column of <paramref name="c"/>.</param>
    /// <param name="c">The matrix updated in place; must not overlap <paramref name="x"/> or <paramref name="y"/>.</param>
    /// <exception cref="ArgumentException">Lengths disagree with the shape of <paramref name="c"/>, or <paramref name="c"/> overlaps an input.</exception>
    /// <remarks>
    /// Each row is updated as <c>c[i, :] += (alpha * x[i]) * y</c>, one pass over C (four rows per pass while C fits in
    /// cache). The multiply-add is fused when the CPU has FMA; every element is within γ_3·(|c| + |α·x·y|) of the exact value. β-free: C is
    /// always read, so NaN in C stays NaN.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RankOneUpdate<T>(T alpha, ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span2D<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var cv = MatrixView<T>.From(c);
        Guard.VectorLength(x, cv.Rows, nameof(x), "the height of 'c'");
        Guard.VectorLength(y, cv.Cols, nameof(y), "the width of 'c'");
        Guard.Disjoint(cv, x, nameof(x), nameof(c));
        Guard.Disjoint(cv, y, nameof(y), nameof(c));

        RankOneRows.Run(alpha, ref Guard.Ref(x), 1, ref Guard.Ref(y), ref cv.Origin, cv.Stride, cv.Rows, cv.Cols, Isa.Current);
    }
}
