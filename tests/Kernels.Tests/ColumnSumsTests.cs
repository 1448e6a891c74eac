using System;
using System.Numerics;
using System.Runtime.InteropServices;
using CommunityToolkit.HighPerformance;
using Kernels.Testing.Reference;
using Kernels.Testing;
using Xunit;

namespace Kernels.Tests;

/// <summary>
/// SumColumns adds rows four at a time into the destination, a block of columns (16 KiB of it) at a time, the columns
/// past the last whole vector in scalar code: widths that need several blocks, with every kind of tail and row count,
/// must still give exactly the reference's top-to-bottom sums, −0 columns included (the sums start from +0).
/// </summary>
public class ColumnSumsTests
{
    [Fact]
    public void Wide_matrices_sum_exactly_like_the_reference() => Run<float>(4096);

    [Fact]
    public void Wide_double_matrices_sum_exactly_like_the_reference() => Run<double>(2048);

    private static void Run<T>(int block) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (int cols in new[] { block - 1, block, 2 * block, 2 * block + 3, 3 * block - 5 })
            foreach (int rows in new[] { 1, 4, 6, 9 })
            {
                var x = new StridedMatrix<T>(rows, cols, gap: 3, Sweep.Seed(81, rows * 100_000 + cols), -6, 6);
                Span2D<T> view = x.View;
                for (int i = 0; i < rows; i++)
                {
                    view[i, 1] = T.NegativeZero;          // a column of −0: the sum is +0
                    view[i, cols - 1] = T.NegativeZero;
                }
                view[rows - 1, cols - 2] = T.NaN;
                view[0, block / 2] = T.PositiveInfinity;
                var expected = new T[cols];
                MatrixOpsReference.SumColumns<T>(view, expected);
                foreach (IsaPath p in Isa.SupportedPaths)
                {
                    var actual = new T[cols];
                    using (Isa.Force(p))
                        MatrixOps.SumColumns<T>(view, actual);
                    if (!MemoryMarshal.AsBytes(expected.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(actual.AsSpan())))
                        Compare.Exact<T>(expected, actual).ThrowIfFailed($"SumColumns<{typeof(T).Name}> {rows}×{cols} {p}");
                    x.AssertGapsUntouched($"{rows}×{cols} {p}");
                }
            }
    }
}
