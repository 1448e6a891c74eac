using System;
using System.Numerics;
using Kernels.Testing;

namespace Kernels.Bench.Workloads;

/// <summary>
/// The allowances the unit tests hold each kernel to (tests/Kernels.Tests/VectorCases.cs and MatrixCases.cs), restated
/// here so the bench checks its own results with the same bounds; none is looser than the tests'.
/// </summary>
internal static class Bounds
{
    /// <summary>Sigmoid and tanh: vector paths against the scalar runtime functions, ≤ 6 ulp (VectorCases.TranscendentalUlps).</summary>
    public const int TranscendentalUlps = 6;

    public static ComparisonResult Exact<T>(T[] expected, T[] actual) where T : unmanaged => Compare.Exact<T>(expected, actual);

    public static ComparisonResult Transcendental<T>(T[] expected, T[] actual) where T : unmanaged =>
        Compare.WithinUlps<T>(expected, actual, TranscendentalUlps);

    /// <summary>Axpy: FMA rounds once, the reference twice; each within 2u(|y| + |αx|), so 2·γ_2·(|y| + |αx|) apart.</summary>
    public static ComparisonResult Axpy<T>(T alpha, ReadOnlySpan<T> x, ReadOnlySpan<T> y, T[] expected, T[] actual)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var bound = new double[x.Length];
        double g = 2 * ErrorBounds.Gamma<T>(2);
        double a = double.CreateChecked(alpha);
        for (int i = 0; i < x.Length; i++)
            bound[i] = g * (Math.Abs(double.CreateChecked(y[i])) + Math.Abs(a * double.CreateChecked(x[i])));
        return Compare.WithinBound<T>(expected, actual, bound, "2·γ_2·(|y| + |αx|)");
    }

    /// <summary>Softmax per row: relative γ_(2n+14) per element, n the row length.</summary>
    public static ComparisonResult Softmax<T>(int cols, T[] expected, T[] actual) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double g = ErrorBounds.Gamma<T>(2 * cols + 14);
        var bound = new double[expected.Length];
        for (int k = 0; k < expected.Length; k++) bound[k] = g * Math.Abs(double.CreateChecked(expected[k]));
        return Compare.WithinBound<T>(expected, actual, bound, "γ_(2n+14)·|y|");
    }

    /// <summary>Row sums: each side within γ_(n−1)·Σ|x| of the exact sum, so 2·γ_(n−1)·Σ|x| apart.</summary>
    public static ComparisonResult RowSums<T>(ReadOnlySpan<T> x, int rows, int cols, T[] expected, T[] actual)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double g = 2 * ErrorBounds.Gamma<T>(Math.Max(cols - 1, 0));
        var bound = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            double s = 0;
            for (int c = 0; c < cols; c++) s += Math.Abs(double.CreateChecked(x[r * cols + c]));
            bound[r] = g * s;
        }
        return Compare.WithinBound<T>(expected, actual, bound, "2·γ_(n−1)·Σ|x|");
    }

    /// <summary>Rank-1 update: c + (αx_i)·y_j, each side within γ_3·(|c| + |αx_i y_j|) of exact, so twice that apart.</summary>
    public static ComparisonResult RankOne<T>(T alpha, ReadOnlySpan<T> before, ReadOnlySpan<T> x, ReadOnlySpan<T> y, T[] expected, T[] actual)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double g = 2 * ErrorBounds.Gamma<T>(3);
        double a = double.CreateChecked(alpha);
        int rows = x.Length, cols = y.Length;
        var bound = new double[rows * cols];
        for (int r = 0; r < rows; r++)
        {
            double ax = a * double.CreateChecked(x[r]);
            for (int c = 0; c < cols; c++)
                bound[r * cols + c] = g * (Math.Abs(double.CreateChecked(before[r * cols + c])) + Math.Abs(ax * double.CreateChecked(y[c])));
        }
        return Compare.WithinBound<T>(expected, actual, bound, "2·γ_3·(|c| + |αxy|)");
    }
}
