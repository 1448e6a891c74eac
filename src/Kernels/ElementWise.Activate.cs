using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using Kernels.Vectors;

namespace Kernels;

public static partial class ElementWise
{
    /// <summary>Applies an activation function: <c>destination[i] = σ(z[i])</c>.</summary>
    /// <typeparam name="T">float or double (vectorised); other IEEE types run the scalar path.</typeparam>
    /// <param name="activation">The function σ.</param>
    /// <param name="z">The pre-activations.</param>
    /// <param name="destination">Receives σ(z); at least as long as <paramref name="z"/>; may be exactly <paramref name="z"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short or partially overlaps <paramref name="z"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="activation"/> is not a defined value.</exception>
    /// <remarks>
    /// Identity and ReLU are exact. On the vector paths sigmoid uses a vectorised exp, and tanh computes m/(m + 2) with
    /// m = e^(2|x|) − 1 evaluated without cancellation; both stay within a few ULPs of the scalar path, which calls the runtime's
    /// scalar <c>Exp</c>/<c>Tanh</c>. The test suite states and checks the bound.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Activate<T>(Activation activation, ReadOnlySpan<T> z, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var action = new ActivateAction<T>(z, destination);
        ActivationDispatch.Run<T, ActivateAction<T>>(activation, ref action, nameof(activation));
    }

    private readonly ref struct ActivateAction<T>(ReadOnlySpan<T> z, Span<T> destination) : IActivationAction<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ReadOnlySpan<T> _z = z;
        private readonly Span<T> _destination = destination;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Run<TAct>() where TAct : struct, IActivation<T> =>
            Unary(_z, _destination, default(ActivateOperator<T, TAct>), nameof(z), nameof(destination));
    }

    /// <summary>
    /// The fused back-propagation step through an activation: <c>destination[i] = gradient[i] * σ'(output[i])</c>, with
    /// σ' computed from the stored activation <c>output = σ(z)</c> (sigmoid: a(1 − a); tanh: 1 − a²; ReLU: 1 where a &gt; 0,
    /// else 0; identity: 1), in one pass.
    /// </summary>
    /// <typeparam name="T">float or double (vectorised); other IEEE types run the scalar path.</typeparam>
    /// <param name="activation">The function σ whose derivative is applied.</param>
    /// <param name="gradient">∂J/∂a, the gradient arriving from the layer above (δup).</param>
    /// <param name="output">The activations a = σ(z) the forward pass stored; same length as <paramref name="gradient"/>.</param>
    /// <param name="destination">Receives δdown; at least as long as the inputs; may be exactly <paramref name="gradient"/>
    /// or <paramref name="output"/>.</param>
    /// <exception cref="ArgumentException">Lengths differ, <paramref name="destination"/> is too short, or it partially overlaps an input.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="activation"/> is not a defined value.</exception>
    /// <remarks>Exact with respect to the reference: every path evaluates the same products in the same order, without FMA.
    /// A NaN activation gives a NaN result, also for ReLU.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyByActivationDerivative<T>(Activation activation, ReadOnlySpan<T> gradient, ReadOnlySpan<T> output, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var action = new DerivativeProductAction<T>(gradient, output, destination);
        ActivationDispatch.Run<T, DerivativeProductAction<T>>(activation, ref action, nameof(activation));
    }

    private readonly ref struct DerivativeProductAction<T>(ReadOnlySpan<T> gradient, ReadOnlySpan<T> output, Span<T> destination) : IActivationAction<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ReadOnlySpan<T> _gradient = gradient, _output = output;
        private readonly Span<T> _destination = destination;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Run<TAct>() where TAct : struct, IActivation<T> =>
            Binary(_gradient, _output, _destination, default(DerivativeProductOperator<T, TAct>), nameof(gradient), nameof(output), nameof(destination));
    }
}
