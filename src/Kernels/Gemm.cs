using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply<T>(T alpha, ReadOnlySpan2D<T> a, ReadOnlySpan2D<T> b, T beta, Span2D<T> c,
        Transpose transA = Transpose.NoTrans, Transpose transB = Transpose.NoTrans, int maxDegreeOfParallelism = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        GemmExecutor<T>.Run(Operands(alpha, a, b, beta, c, transA, transB, maxDegreeOfParallelism), maxDegreeOfParallelism);
    }

    // The checks of both overloads, and the problem they describe.
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private static GemmOperands<T> Operands<T>(T alpha, ReadOnlySpan2D<T> a, ReadOnlySpan2D<T> b, T beta, Span2D<T> c,
        Transpose transA, Transpose transB, int maxDegreeOfParallelism)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.Transposes(transA, transB);
        Guard.Parallelism(maxDegreeOfParallelism);
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
        Guard.GemmOutputDisjoint(cv, av, nameof(a));
        Guard.GemmOutputDisjoint(cv, bv, nameof(b));
        return new GemmOperands<T>(ta, tb, m, n, k, alpha, ref av.Origin, Math.Max(av.Stride, 1), ref bv.Origin, Math.Max(bv.Stride, 1),
            beta, ref cv.Origin, Math.Max(cv.Stride, 1));
    }

    /// <summary>C = α·op(A)·op(B) + β·C, with op(B) also given packed (<see cref="PackedMatrix{T}"/>): where the plan
    /// reads B in tiles, they read the packing; the result is the same, bit for bit, as without it.</summary>
    /// <typeparam name="T">float or double (vectorised); other IEEE types run the scalar micro-kernel.</typeparam>
    /// <param name="alpha">α.</param>
    /// <param name="a">A as stored; op(A) is m×k.</param>
    /// <param name="b">B as stored, holding the values <paramref name="packedB"/> was packed from; op(B) is k×n.</param>
    /// <param name="packedB">op(B) packed by <see cref="PackedMatrix{T}.Pack"/> from <paramref name="b"/> with the same <paramref name="transB"/>.</param>
    /// <param name="beta">β; 0 means C is not read.</param>
    /// <param name="c">C, m×n; must not overlap A or B.</param>
    /// <param name="transA">Whether op(A) = Aᵀ.</param>
    /// <param name="transB">Whether op(B) = Bᵀ.</param>
    /// <param name="maxDegreeOfParallelism">At most this many threads; 1 (the default) runs on the calling thread only.</param>
    /// <exception cref="ArgumentNullException"><paramref name="packedB"/> is null.</exception>
    /// <exception cref="ArgumentException">As the unpacked overload, or <paramref name="packedB"/> was packed from another
    /// shape or orientation of B.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A transpose flag is undefined or <paramref name="maxDegreeOfParallelism"/> is below 1.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply<T>(T alpha, ReadOnlySpan2D<T> a, ReadOnlySpan2D<T> b, PackedMatrix<T> packedB, T beta, Span2D<T> c,
        Transpose transA = Transpose.NoTrans, Transpose transB = Transpose.NoTrans, int maxDegreeOfParallelism = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(packedB);
        GemmOperands<T> op = Operands(alpha, a, b, beta, c, transA, transB, maxDegreeOfParallelism);
        if (packedB.Transpose != transB)
            Guard.ThrowShapeMismatch($"'packedB' was packed with transB = {packedB.Transpose} but the product has transB = {transB}.", nameof(packedB));
        packedB.RequireShape(b.Height, b.Width, nameof(packedB));
        GemmExecutor<T>.RunPacked(op, packedB.Panel, maxDegreeOfParallelism);
    }

    /// <summary>How <see cref="Multiply{T}(T, ReadOnlySpan2D{T}, ReadOnlySpan2D{T}, T, Span2D{T}, Transpose, Transpose, int)"/> (or <see cref="Blas"/>) would compute a product of this shape on this thread's path,
    /// with α = 1, β = 0 and every matrix stored without gaps between its rows.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="transA">Whether op(A) = Aᵀ.</param>
    /// <param name="transB">Whether op(B) = Bᵀ.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="maxDegreeOfParallelism">The thread budget the call would get.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative, a transpose flag undefined, or the degree of parallelism below 1.</exception>
    public static GemmExplanation Explain<T>(Transpose transA, Transpose transB, int m, int n, int k, int maxDegreeOfParallelism = 1)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Explain(transA, transB, m, n, k, T.One, transA == Transpose.Trans ? Math.Max(m, 1) : Math.Max(k, 1),
            transB == Transpose.Trans ? Math.Max(k, 1) : Math.Max(n, 1), T.Zero, Math.Max(n, 1), maxDegreeOfParallelism);

    /// <summary>
    /// The tuning table the planner uses on this machine, one line each: the caches it was sized from (read at start-up),
    /// the packing rules, and every micro-kernel's tile and MC/KC/NC blocking for float and double.
    /// </summary>
    /// <returns>The table as lines of text.</returns>
    public static IReadOnlyList<string> DescribeTuning() => [.. GemmTuning.Current.Describe()];

    /// <summary>How <see cref="Blas"/>'s GEMM would compute this product on this thread's path (the BLAS argument list without the buffers).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="transA">Whether op(A) = Aᵀ.</param>
    /// <param name="transB">Whether op(B) = Bᵀ.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="alpha">α (0 makes it a scaling of C).</param>
    /// <param name="lda">Row pitch of A as stored.</param>
    /// <param name="ldb">Row pitch of B as stored.</param>
    /// <param name="beta">β.</param>
    /// <param name="ldc">Row pitch of C.</param>
    /// <param name="maxDegreeOfParallelism">The thread budget the call would get.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative, a leading dimension too small, a transpose
    /// flag undefined, or the degree of parallelism below 1.</exception>
    public static GemmExplanation Explain<T>(Transpose transA, Transpose transB, int m, int n, int k, T alpha, int lda, int ldb, T beta, int ldc,
        int maxDegreeOfParallelism = 1)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.Transposes(transA, transB);
        Guard.Dimensions(m, n, k);
        Guard.Parallelism(maxDegreeOfParallelism);
        bool ta = transA == Transpose.Trans, tb = transB == Transpose.Trans;
        Guard.LeadingDimension("A", nameof(lda), ta ? k : m, ta ? m : k, lda, ta ? ", transposed" : "");
        Guard.LeadingDimension("B", nameof(ldb), tb ? n : k, tb ? k : n, ldb, tb ? ", transposed" : "");
        Guard.LeadingDimension("C", nameof(ldc), m, n, ldc, "");
        IsaPath path = Isa.Current;
        var op = new GemmOperands<T>(ta, tb, m, n, k, alpha, ref Unsafe.NullRef<T>(), lda, ref Unsafe.NullRef<T>(), ldb, beta, ref Unsafe.NullRef<T>(), ldc);
        GemmTuning tuning = GemmTuning.Current;
        GemmPlan p = GemmPlanner.Plan(op, path, maxDegreeOfParallelism, tuning);
        bool tiled = p.Route >= GemmRoute.DotProducts;
        TileShape s = tiled ? GemmTuning.Shape(p.Kernel, Unsafe.SizeOf<T>()) : default;
        bool blocked = p.Route == GemmRoute.Blocked;
        return new GemmExplanation(p.Kernel == GemmKernel.ScalarTile4x4 && tiled ? IsaPath.Scalar : path, p.Route, tiled ? p.Kernel.ToString() : "",
            s.MR, s.NR, p.Transposed, blocked ? p.Blocking.MC : 0, p.Route is GemmRoute.Blocked or GemmRoute.Unpacked ? p.Blocking.KC : 0,
            blocked ? p.Blocking.NC : 0, p.PackA, p.PackB, p.EdgeColumns, p.Threads, p.SplitColumns, p.SplitUnit, tuning.Caches.ToString());
    }
}
