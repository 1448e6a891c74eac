using System;
using System.Numerics;

namespace Kernels.Testing.Reference;

/// <summary>
/// Naive scalar loops computing what <see cref="ElementWise"/> computes: the oracle the tests compare every path against,
/// and the baseline the benchmarks measure. Written for clarity, not speed; arguments are checked only by span indexing.
/// </summary>
public static class ElementWiseReference
{
    /// <summary>destination[i] = x[i] * y[i].</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The first factor.</param>
    /// <param name="y">The second factor.</param>
    /// <param name="destination">The product.</param>
    public static void Multiply<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++) destination[i] = x[i] * y[i];
    }

    /// <summary>destination[i] = x[i] + y[i].</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The first term.</param>
    /// <param name="y">The second term.</param>
    /// <param name="destination">The sum.</param>
    public static void Add<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++) destination[i] = x[i] + y[i];
    }

    /// <summary>destination[i] = alpha * x[i].</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="alpha">The factor.</param>
    /// <param name="x">The input.</param>
    /// <param name="destination">The result.</param>
    public static void Scale<T>(T alpha, ReadOnlySpan<T> x, Span<T> destination) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++) destination[i] = x[i] * alpha;
    }

    /// <summary>y[i] = y[i] + alpha * x[i], product and sum rounded separately.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="alpha">The factor.</param>
    /// <param name="x">The vector added.</param>
    /// <param name="y">The vector updated.</param>
    public static void Axpy<T>(T alpha, ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Length; i++) y[i] = y[i] + alpha * x[i];
    }

    /// <summary>σ(z) for one element, by the textbook formula with the runtime's scalar functions.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="activation">The function.</param>
    /// <param name="z">The argument.</param>
    /// <returns>σ(z).</returns>
    public static T Activate<T>(Activation activation, T z) where T : IFloatingPointIeee754<T> => activation switch
    {
        Activation.Identity => z,
        Activation.Sigmoid => T.One / (T.One + T.Exp(-z)),
        Activation.Tanh => T.Tanh(z),
        Activation.Relu => z < T.Zero ? T.Zero : z,
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };

    /// <summary>σ'(z) expressed through the output a = σ(z).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="activation">The function.</param>
    /// <param name="a">The activation σ(z).</param>
    /// <returns>σ'(z): a(1 − a), 1 − a², 1/0 for ReLU (NaN for a NaN a), or 1.</returns>
    public static T Derivative<T>(Activation activation, T a) where T : IFloatingPointIeee754<T> => activation switch
    {
        Activation.Identity => T.One,
        Activation.Sigmoid => a * (T.One - a),
        Activation.Tanh => T.One - a * a,
        Activation.Relu => a > T.Zero ? T.One : T.IsNaN(a) ? a : T.Zero,
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };

    /// <summary>destination[i] = σ(z[i]).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="activation">The function.</param>
    /// <param name="z">The pre-activations.</param>
    /// <param name="destination">The activations.</param>
    public static void Activate<T>(Activation activation, ReadOnlySpan<T> z, Span<T> destination) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < z.Length; i++) destination[i] = Activate(activation, z[i]);
    }

    /// <summary>destination[i] = gradient[i] * σ'(output[i]).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="activation">The function.</param>
    /// <param name="gradient">The incoming gradient.</param>
    /// <param name="output">The stored activations.</param>
    /// <param name="destination">The outgoing delta.</param>
    public static void MultiplyByActivationDerivative<T>(Activation activation, ReadOnlySpan<T> gradient, ReadOnlySpan<T> output, Span<T> destination)
        where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < gradient.Length; i++) destination[i] = gradient[i] * Derivative(activation, output[i]);
    }
}
