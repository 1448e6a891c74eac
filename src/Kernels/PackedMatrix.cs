using System;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using CommunityToolkit.HighPerformance;
using Kernels.Matrices;
using Kernels.MatrixMultiply;
using Kernels.Validation;

namespace Kernels;

/// <summary>
/// The right-hand operand op(B) of a GEMM packed once into the layout the micro-kernel reads, for a B that many products
/// share (a layer's weights, say): pass it with B to
/// <see cref="Gemm.Multiply{T}(T, ReadOnlySpan2D{T}, ReadOnlySpan2D{T}, PackedMatrix{T}, T, Span2D{T}, Transpose, Transpose, int)"/>
/// and the product skips packing or transposing B, with the same results bit for bit.
/// </summary>
/// <remarks>
/// <para>
/// The packing is made for the micro-kernel of the path current when it is packed (<see cref="Path"/>). A product
/// whose plan reads B in tiles on that kernel reads the packing; other plans (one row of C, narrow C, a path forced
/// since) read B itself, as they would without it. So B must still hold the values it was packed from: after changing
/// B, call <see cref="Repack"/>.
/// </para>
/// <para>
/// Immutable between repacks, so any number of threads may use it at once. It holds about as much memory as B, padded
/// to whole slivers (<see cref="Bytes"/>), in pinned memory.
/// </para>
/// </remarks>
/// <typeparam name="T">The element type.</typeparam>
public sealed class PackedMatrix<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly PackedPanel<T> _panel;

    private PackedMatrix(PackedPanel<T> panel, IsaPath path)
    {
        _panel = panel;
        Path = path;
    }

    /// <summary>Packs op(<paramref name="b"/>) for the calling thread's current path.</summary>
    /// <param name="b">B as stored.</param>
    /// <param name="transB">Whether op(B) = Bᵀ; products that use the packing must pass the same.</param>
    /// <returns>The packed operand.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="transB"/> is not a <see cref="Transpose"/> value.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static PackedMatrix<T> Pack(ReadOnlySpan2D<T> b, Transpose transB = Transpose.NoTrans)
    {
        Guard.Transposes(Transpose.NoTrans, transB);
        var bv = MatrixView<T>.From(b);
        bool tb = transB == Transpose.Trans;
        IsaPath path = Isa.Current;
        var panel = new PackedPanel<T>(ref bv.Origin, Math.Max(bv.Stride, 1), tb, tb ? bv.Cols : bv.Rows, tb ? bv.Rows : bv.Cols, path);
        return new PackedMatrix<T>(panel, path);
    }

    /// <summary>Packs new values of B, of the shape and orientation packed before, into the same memory (no allocation).</summary>
    /// <param name="b">B as stored, the same shape as when packed.</param>
    /// <exception cref="ArgumentException"><paramref name="b"/> has another shape.</exception>
    /// <remarks>Not safe while another thread runs a product with this packing.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Repack(ReadOnlySpan2D<T> b)
    {
        var bv = MatrixView<T>.From(b);
        RequireShape(bv.Rows, bv.Cols, nameof(b));
        _panel.Repack(ref bv.Origin, Math.Max(bv.Stride, 1));
    }

    /// <summary>Rows of op(B) (k).</summary>
    public int Rows => _panel.K;

    /// <summary>Columns of op(B) (n).</summary>
    public int Columns => _panel.N;

    /// <summary>Whether it was packed from a transposed B (op(B) = Bᵀ).</summary>
    public Transpose Transpose => _panel.TransB ? Transpose.Trans : Transpose.NoTrans;

    /// <summary>The path whose micro-kernel the packing is laid out for.</summary>
    public IsaPath Path { get; }

    /// <summary>The memory the packing holds, in bytes.</summary>
    public long Bytes => _panel.Bytes;

    /// <summary>
    /// Whether a product with <paramref name="m"/> rows of op(A) and this op(B) would read the packing on the calling
    /// thread's current path (with α ≠ 0, β = 0, A stored without gaps); otherwise it reads B, and packing B does not help.
    /// </summary>
    /// <param name="m">Rows of op(A) and of C.</param>
    /// <param name="transA">Whether op(A) = Aᵀ.</param>
    /// <param name="maxDegreeOfParallelism">The thread budget the product would get.</param>
    /// <returns><see langword="true"/> when the product's tiles read the packing.</returns>
    public bool IsUsedFor(int m, Transpose transA = Transpose.NoTrans, int maxDegreeOfParallelism = 1) =>
        Path == Isa.Current && Pays(m, Columns, Rows, transA, Transpose, maxDegreeOfParallelism);

    /// <summary>
    /// Whether a product of this shape, with op(B) packed on the calling thread's current path, would read the packing
    /// (with α ≠ 0, β = 0, every matrix stored without gaps): what deciding to pack a B costs nothing to ask.
    /// </summary>
    /// <param name="m">Rows of op(A) and of C.</param>
    /// <param name="n">Columns of op(B) and of C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="transA">Whether op(A) = Aᵀ.</param>
    /// <param name="transB">Whether op(B) = Bᵀ.</param>
    /// <param name="maxDegreeOfParallelism">The thread budget the product would get.</param>
    /// <returns><see langword="true"/> when the product's tiles would read a packing.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative, a transpose flag undefined, or the degree of parallelism below 1.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // asked on every batched forward pass of a network
    public static bool Pays(int m, int n, int k, Transpose transA = Transpose.NoTrans, Transpose transB = Transpose.NoTrans, int maxDegreeOfParallelism = 1)
    {
        Guard.Dimensions(m, n, k);
        Guard.Transposes(transA, transB);
        Guard.Parallelism(maxDegreeOfParallelism);
        bool ta = transA == Transpose.Trans, tb = transB == Transpose.Trans;
        var op = new GemmOperands<T>(ta, tb, m, n, k, T.One, ref Unsafe.NullRef<T>(), ta ? Math.Max(m, 1) : Math.Max(k, 1),
            ref Unsafe.NullRef<T>(), tb ? Math.Max(k, 1) : Math.Max(n, 1), T.Zero, ref Unsafe.NullRef<T>(), Math.Max(n, 1));
        if (GemmPlanner.TryDirectRoute(op, out _))
            return false;
        IsaPath path = Isa.Current;
        GemmPlan plan = GemmPlanner.PlanTiled(op, path, maxDegreeOfParallelism, GemmTuning.Current);
        return plan.Route is GemmRoute.Blocked or GemmRoute.Unpacked && !plan.Transposed && plan.Kernel == PackedPanel<T>.KernelOf(path);
    }

    internal PackedPanel<T> Panel => _panel;

    /// <summary>Throws unless a stored B of <paramref name="rows"/>×<paramref name="cols"/> is what was packed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void RequireShape(int rows, int cols, string parameter)
    {
        int k = _panel.TransB ? cols : rows, n = _panel.TransB ? rows : cols;
        if (k != _panel.K || n != _panel.N)
            ThrowShape(rows, cols, parameter);
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowShape(int rows, int cols, string parameter)
    {
        int k = _panel.TransB ? cols : rows, n = _panel.TransB ? rows : cols;
        Guard.ThrowShapeMismatch(
            $"'{parameter}' is {rows}×{cols}{(_panel.TransB ? ", transposed" : "")}, so op(B) is {k}×{n}, but the packing holds a {_panel.K}×{_panel.N} op(B).",
            parameter);
    }
}
