using System;
using System.Numerics;
using CommunityToolkit.HighPerformance;
using Kernels.Matrices;
using Kernels.MatrixMultiply;
using Kernels.Validation;

namespace Kernels;

/// <summary>
/// General matrix multiply on matrix views: C = α·op(A)·op(B) + β·C, with shapes taken from the views and checked
/// against each other. Views may be sub-matrices of larger buffers (row pitch larger than the width): no copies.
/// </summary>
/// <remarks>Same algorithm, guarantees and accuracy as <see cref="Blas"/>; see there.</remarks>
public static class Gemm
{
    /// <summary>C = α·op(A)·op(B) + β·C.</summary>
    /// <typeparam name="T">float or double (vectorised); other IEEE types run the scalar micro-kernel.</typeparam>
    /// <param name="alpha">α.</param>
    /// <param name="a">A as stored; op(A) is m×k.</param>
    /// <param name="b">B as stored; op(B) is k×n.</param>
    /// <param name="beta">β; 0 means C is not read.</param>
    /// <param name="c">C, m×n; must not overlap A or B.</param>
    /// <param name="transA">Whether op(A) = Aᵀ.</param>
    /// <param name="transB">Whether op(B) = Bᵀ.</param>
    /// <param name="maxDegreeOfParallelism">At most this many threads; 1 (the default) runs on the calling thread only.</param>
    /// <exception cref="ArgumentException">The inner dimensions of op(A) and op(B) differ, C's shape is not m×n, or C overlaps A or B.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A transpose flag is undefined or <paramref name="maxDegreeOfParallelism"/> is below 1.</exception>
    public static void Multiply<T>(T alpha, ReadOnlySpan2D<T> a, ReadOnlySpan2D<T> b, T beta, Span2D<T> c,
        Transpose transA = Transpose.NoTrans, Transpose transB = Transpose.NoTrans, int maxDegreeOfParallelism = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        GemmValidation.Transposes(transA, transB);
        GemmValidation.Parallelism(maxDegreeOfParallelism);
        var av = MatrixView<T>.From(a);
        var bv = MatrixView<T>.From(b);
        var cv = MatrixView<T>.From(c);
        bool ta = transA == Transpose.Trans, tb = transB == Transpose.Trans;
        int m = ta ? av.Cols : av.Rows, k = ta ? av.Rows : av.Cols;
        int kb = tb ? bv.Cols : bv.Rows, n = tb ? bv.Rows : bv.Cols;
        if (kb != k)
            Guard.ThrowShapeMismatch(
                $"Inner dimensions differ: op(A) is {m}×{k} but op(B) is {kb}×{n} ('a' is {av.Rows}×{av.Cols}{(ta ? ", transposed" : "")}, 'b' is {bv.Rows}×{bv.Cols}{(tb ? ", transposed" : "")}).",
                nameof(b));
        if (cv.Rows != m || cv.Cols != n)
            Guard.ThrowShapeMismatch($"'c' is {cv.Rows}×{cv.Cols} but op(A)·op(B) is {m}×{n}.", nameof(c));
        GemmValidation.NoOverlap(cv, av, nameof(a));
        GemmValidation.NoOverlap(cv, bv, nameof(b));

        GemmExecutor<T>.Run(new GemmOperands<T>(ta, tb, m, n, k, alpha, ref av.Origin, Math.Max(av.Stride, 1), ref bv.Origin, Math.Max(bv.Stride, 1),
            beta, ref cv.Origin, Math.Max(cv.Stride, 1)), maxDegreeOfParallelism);
    }
}
