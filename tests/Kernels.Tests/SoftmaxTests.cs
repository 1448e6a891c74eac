using System;
using System.Numerics;
using CommunityToolkit.HighPerformance;
using Kernels.Testing.Reference;
using Kernels.Testing;
using Xunit;

namespace Kernels.Tests;

/// <summary>
/// Softmax rows holding NaN, ±∞ or a spread wide enough for exp to underflow, on every path and every tail: the
/// vector paths take the row maximum with the CPU's native max (which need not propagate NaN) and finish the
/// exp-and-sum pass with a masked overlapping vector, so these are the cases where they could go wrong.
/// </summary>
public class SoftmaxTests
{
    private static readonly int[] Widths = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 64, 100];

    [Fact]
    public void Float_rows_with_nan_infinity_or_underflow_behave_as_documented() => Run<float>();

    [Fact]
    public void Double_rows_with_nan_infinity_or_underflow_behave_as_documented() => Run<double>();

    private static void Run<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (int cols in Widths)
            for (int at = 0; at < cols; at += Math.Max(1, cols / 5))
            {
                // Row 0: a NaN; row 1: +∞; row 2: −∞ (its output is 0, the others a softmax of the rest);
                // row 3: a spread of 1000, so most exponentials underflow to subnormals or zero.
                T[] x = TestData.Uniform<T>(4 * cols, Sweep.Seed(71, cols * 100 + at), -6, 6);
                x[at] = T.NaN;
                x[cols + at] = T.PositiveInfinity;
                x[2 * cols + at] = T.NegativeInfinity;
                for (int j = 0; j < cols; j++)
                    x[3 * cols + j] = T.CreateChecked(-1000.0 * ((j * 7 + at) % cols) / cols);
                var expected = new T[4 * cols];
                MatrixOpsReference.SoftmaxRows(new ReadOnlySpan2D<T>(x, 4, cols), new Span2D<T>(expected, 4, cols));

                foreach (IsaPath p in Isa.SupportedPaths)
                {
                    string context = $"{typeof(T).Name} {cols} columns, special at {at}, {p}";
                    var actual = new T[4 * cols];
                    using (Isa.Force(p))
                        MatrixOps.SoftmaxRows(new ReadOnlySpan2D<T>(x, 4, cols), new Span2D<T>(actual, 4, cols));
                    for (int j = 0; j < cols; j++)
                    {
                        Assert.True(T.IsNaN(actual[j]), $"{context}: row with NaN, column {j} is {actual[j]}");
                        Assert.True(T.IsNaN(actual[cols + j]), $"{context}: row with +∞, column {j} is {actual[cols + j]}");
                    }
                    if (cols > 1) // (a row of −∞ alone is NaN: −∞ − (−∞))
                        Assert.True(actual[2 * cols + at] == T.Zero, $"{context}: exp(−∞) gave {actual[2 * cols + at]}");
                    Within(expected.AsSpan(2 * cols, 2 * cols), actual.AsSpan(2 * cols, 2 * cols), cols, context);
                }
            }
    }

    // The bound of MatrixCases (γ_(2n+14) relatively), plus a few of the smallest subnormals absolutely: an output that
    // underflows is rounded at the subnormal spacing, by the reference as by the kernel.
    private static void Within<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, int cols, string context) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double g = ErrorBounds.Gamma<T>(2 * cols + 14), floor = 4 * double.CreateChecked(T.Epsilon);
        var bound = new double[expected.Length];
        for (int k = 0; k < bound.Length; k++) bound[k] = g * Math.Abs(double.CreateChecked(expected[k])) + floor;
        Compare.WithinBound<T>(expected, actual, bound, "γ_(2n+14)·|y| + 4·ε_min").ThrowIfFailed(context);
    }
}
