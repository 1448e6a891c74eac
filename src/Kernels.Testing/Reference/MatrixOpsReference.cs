using System;
using System.Numerics;
using CommunityToolkit.HighPerformance;

namespace Kernels.Testing.Reference;

/// <summary>Naive scalar loops computing what <see cref="MatrixOps"/> computes: test oracle and benchmark baseline.</summary>
public static class MatrixOpsReference
{
    /// <summary>destination[i, j] = x[i, j] + bias[j].</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="bias">The bias, one per column.</param>
    /// <param name="destination">The result.</param>
    public static void AddBias<T>(ReadOnlySpan2D<T> x, ReadOnlySpan<T> bias, Span2D<T> destination) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Height; i++)
            for (int j = 0; j < x.Width; j++)
                destination[i, j] = x[i, j] + bias[j];
    }

    /// <summary>destination[i, j] = σ(x[i, j] + bias[j]).</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="bias">The bias, one per column.</param>
    /// <param name="activation">The function σ.</param>
    /// <param name="destination">The result.</param>
    public static void AddBiasActivate<T>(ReadOnlySpan2D<T> x, ReadOnlySpan<T> bias, Activation activation, Span2D<T> destination) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Height; i++)
            for (int j = 0; j < x.Width; j++)
                destination[i, j] = ElementWiseReference.Activate(activation, x[i, j] + bias[j]);
    }

    /// <summary>A dense layer on one sample by the textbook loops: <c>output[i] = σ(Σ_j W[i, j]·input[j] + bias[i])</c>, summing left to right.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="weights">W, outputs × inputs.</param>
    /// <param name="input">One value per column of W.</param>
    /// <param name="bias">One value per row of W.</param>
    /// <param name="activation">σ.</param>
    /// <param name="output">One value per row of W.</param>
    public static void AffineActivate<T>(ReadOnlySpan2D<T> weights, ReadOnlySpan<T> input, ReadOnlySpan<T> bias, Activation activation, Span<T> output)
        where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < weights.Height; i++)
        {
            T s = T.Zero;
            for (int j = 0; j < weights.Width; j++)
                s += weights[i, j] * input[j];
            output[i] = ElementWiseReference.Activate(activation, s + bias[i]);
        }
    }

    /// <summary>Row-wise softmax by the textbook stable formula, summing left to right and dividing.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The logits.</param>
    /// <param name="destination">The probabilities.</param>
    public static void SoftmaxRows<T>(ReadOnlySpan2D<T> x, Span2D<T> destination) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Height; i++)
        {
            if (x.Width == 0) continue;
            T max = x[i, 0];
            for (int j = 1; j < x.Width; j++) max = T.Max(max, x[i, j]);
            T sum = T.Zero;
            for (int j = 0; j < x.Width; j++) sum += T.Exp(x[i, j] - max);
            for (int j = 0; j < x.Width; j++) destination[i, j] = T.Exp(x[i, j] - max) / sum;
        }
    }

    /// <summary>destination[i] = Σ_j x[i, j], left to right.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The matrix.</param>
    /// <param name="destination">The row sums.</param>
    public static void SumRows<T>(ReadOnlySpan2D<T> x, Span<T> destination) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < x.Height; i++)
        {
            T s = T.Zero;
            for (int j = 0; j < x.Width; j++) s += x[i, j];
            destination[i] = s;
        }
    }

    /// <summary>destination[j] = Σ_i x[i, j], top to bottom.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="x">The matrix.</param>
    /// <param name="destination">The column sums.</param>
    public static void SumColumns<T>(ReadOnlySpan2D<T> x, Span<T> destination) where T : IFloatingPointIeee754<T>
    {
        for (int j = 0; j < x.Width; j++)
        {
            T s = T.Zero;
            for (int i = 0; i < x.Height; i++) s += x[i, j];
            destination[j] = s;
        }
    }

    /// <summary>c[i, j] = c[i, j] + (alpha * x[i]) * y[j], rounding each operation.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="alpha">The factor.</param>
    /// <param name="x">The column vector.</param>
    /// <param name="y">The row vector.</param>
    /// <param name="c">The matrix updated.</param>
    public static void RankOneUpdate<T>(T alpha, ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span2D<T> c) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < c.Height; i++)
        {
            T t = alpha * x[i];
            for (int j = 0; j < c.Width; j++) c[i, j] = c[i, j] + t * y[j];
        }
    }
}
