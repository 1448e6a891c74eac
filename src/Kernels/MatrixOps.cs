using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using CommunityToolkit.HighPerformance;
using Kernels.Matrices;
using Kernels.Validation;
using Kernels.Vectors;

namespace Kernels;

/// <summary>
/// Row-wise and column-wise kernels on matrix views: bias add (optionally fused with an activation), softmax per row,
/// row and column sums, and the rank-1 update C += α·x·yᵀ.
/// </summary>
/// <remarks>
/// <para>
/// Matrices are row-major <see cref="Span2D{T}"/>/<see cref="ReadOnlySpan2D{T}"/> views: the pitch between rows may be
/// larger than the width (a sub-matrix of a larger buffer); elements in the gaps are never read or written.
/// Shapes are checked before anything is written; a destination must be exactly the input view (in place) or share no
/// element with any input.
/// </para>
/// <para>Every method runs on <see cref="Isa.Current"/>; nothing allocates.</para>
/// </remarks>
public static partial class MatrixOps
{
    /// <summary>Adds a bias to every row: <c>destination[i, j] = x[i, j] + bias[j]</c>.</summary>
    /// <typeparam name="T">float or double (vectorised); other IEEE types run the scalar path.</typeparam>
    /// <param name="x">The input, one sample per row.</param>
    /// <param name="bias">One value per column of <paramref name="x"/>.</param>
    /// <param name="destination">Same shape as <paramref name="x"/>; may be the same view (in place).</param>
    /// <exception cref="ArgumentException">Shapes or lengths disagree, or <paramref name="destination"/> overlaps an input other than exactly in place.</exception>
    /// <remarks>Exact: one rounded addition per element.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddBias<T>(ReadOnlySpan2D<T> x, ReadOnlySpan<T> bias, Span2D<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
        => RowsWithVector(x, bias, destination, default(AddOperator<T>));

    /// <summary>
    /// Bias add and activation in one pass: <c>destination[i, j] = σ(x[i, j] + bias[j])</c>, the forward step of a dense layer
    /// after its matrix product.
    /// </summary>
    /// <typeparam name="T">float or double (vectorised); other IEEE types run the scalar path.</typeparam>
    /// <param name="x">The pre-activations without bias, one sample per row.</param>
    /// <param name="bias">One value per column of <paramref name="x"/>.</param>
    /// <param name="activation">The function σ.</param>
    /// <param name="destination">Same shape as <paramref name="x"/>; may be the same view (in place).</param>
    /// <exception cref="ArgumentException">Shapes or lengths disagree, or <paramref name="destination"/> overlaps an input other than exactly in place.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="activation"/> is not a defined value.</exception>
    /// <remarks>The bias add is exact; the activation has the accuracy <see cref="ElementWise.Activate{T}"/> documents.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddBiasActivate<T>(ReadOnlySpan2D<T> x, ReadOnlySpan<T> bias, Activation activation, Span2D<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var action = new AddBiasActivateAction<T>(x, bias, destination);
        ActivationDispatch.Run<T, AddBiasActivateAction<T>>(activation, ref action, nameof(activation));
    }

    private readonly ref struct AddBiasActivateAction<T>(ReadOnlySpan2D<T> x, ReadOnlySpan<T> bias, Span2D<T> destination) : IActivationAction<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ReadOnlySpan2D<T> _x = x;
        private readonly ReadOnlySpan<T> _bias = bias;
        private readonly Span2D<T> _destination = destination;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Run<TAct>() where TAct : struct, IActivation<T> =>
            RowsWithVector(_x, _bias, _destination, default(AddActivateOperator<T, TAct>));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowsWithVector<T, TOp>(ReadOnlySpan2D<T> x, ReadOnlySpan<T> bias, Span2D<T> destination, TOp op)
        where T : unmanaged, IFloatingPointIeee754<T> where TOp : struct, IBinaryOperator<T>
    {
        var xv = MatrixView<T>.From(x);
        var dv = MatrixView<T>.From(destination);
        Guard.SameShape(xv, dv, nameof(x), nameof(destination));
        Guard.VectorLength(bias, xv.Cols, nameof(bias), "the width of 'x'");
        Guard.InPlaceOrDisjoint(xv, dv, nameof(x), nameof(destination));
        Guard.Disjoint(dv, bias, nameof(bias), nameof(destination));

        IsaPath path = Isa.Current;
        ref T b = ref Guard.Ref(bias);
        for (int i = 0; i < xv.Rows; i++)
            BinaryLoop.Run(ref xv.Row(i), ref b, ref dv.Row(i), (nuint)xv.Cols, op, path);
    }
}
