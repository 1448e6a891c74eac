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
    /// A dense layer on one sample: <c>output = σ(W·input + bias)</c>, the matrix–vector product, bias add and activation
    /// behind one set of checks (single-sample inference, where per-call overhead outweighs a small layer's arithmetic).
    /// </summary>
    /// <typeparam name="T">float or double (vectorised); other IEEE types run the scalar path.</typeparam>
    /// <param name="weights">W, one row per output (outputs × inputs), any row pitch.</param>
    /// <param name="input">One value per column of <paramref name="weights"/>.</param>
    /// <param name="bias">One value per row of <paramref name="weights"/>.</param>
    /// <param name="activation">The function σ.</param>
    /// <param name="output">One value per row of <paramref name="weights"/>; must not overlap any input.</param>
    /// <exception cref="ArgumentException">A length does not match the shape of <paramref name="weights"/>, or <paramref name="output"/> overlaps an input.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="activation"/> is not a defined value.</exception>
    /// <remarks>
    /// Computes exactly what <see cref="Gemm.Multiply{T}(T, CommunityToolkit.HighPerformance.ReadOnlySpan2D{T}, CommunityToolkit.HighPerformance.ReadOnlySpan2D{T}, T, CommunityToolkit.HighPerformance.Span2D{T}, Transpose, Transpose, int)"/> (a 1×inputs view times Wᵀ) followed by
    /// <see cref="AddBiasActivate{T}"/> in place computes, bit for bit: each pre-activation within γ_k·Σ_j|w_ij·x_j| of
    /// the exact product before the exact bias add, then σ with the accuracy <see cref="ElementWise.Activate{T}"/> documents.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AffineActivate<T>(ReadOnlySpan2D<T> weights, ReadOnlySpan<T> input, ReadOnlySpan<T> bias, Activation activation, Span<T> output)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ActivationDispatch.Defined(activation, nameof(activation));
        var wv = MatrixView<T>.From(weights);
        Guard.VectorLength(input, wv.Cols, nameof(input), "the width of 'weights'");
        Guard.VectorLength(bias, wv.Rows, nameof(bias), "the height of 'weights'");
        Guard.VectorLength(output, wv.Rows, nameof(output), "the height of 'weights'");
        Guard.Disjoint(wv, output, nameof(weights), nameof(output));
        Guard.NoOverlap(input, output);
        Guard.NoOverlap(bias, output);
        if (wv.Rows == 0)
            return;

        // output (1×rows) = input (1×cols) · Wᵀ, by the matrix–vector kernels GEMM itself routes this product to (m = 1,
        // B transposed; α = 1, β = 0), called directly: the same arithmetic, without the general entry's route choice,
        // which a small network's layer cannot amortise when tiered compilation is off (nothing inlines it then).
        IsaPath path = Isa.Current;
        ref T y = ref Guard.Ref(output);
        ref T x = ref Guard.Ref(input);
        if (wv.Cols == 0)
            output[..wv.Rows].Clear();
        else if (wv.Rows == 1)
            MatrixVector<T>.Finish(ref y, Reductions.Dot(ref x, ref wv.Origin, (nuint)wv.Cols, path), T.One, T.Zero);
        else
            MatrixVector<T>.DotForm(ref wv.Origin, wv.Stride, ref x, wv.Cols, ref y, 1, wv.Rows, T.One, T.Zero, path);

        var action = new AddActivateInPlace<T>(ref y, ref Guard.Ref(bias), (nuint)wv.Rows, path);
        ActivationDispatch.Run<T, AddActivateInPlace<T>>(activation, ref action, nameof(activation));
    }

    // y = σ(y + b), n elements.
    private readonly ref struct AddActivateInPlace<T>(ref T y, ref T b, nuint n, IsaPath path) : IActivationAction<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ref T _y = ref y, _b = ref b;
        private readonly nuint _n = n;
        private readonly IsaPath _path = path;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Run<TAct>() where TAct : struct, IActivation<T> =>
            BinaryLoop.Run(ref _y, ref _b, ref _y, _n, default(AddActivateOperator<T, TAct>), _path);
    }
}
