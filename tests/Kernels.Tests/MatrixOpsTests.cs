using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using CommunityToolkit.HighPerformance;
using Kernels.Testing;
using Xunit;

namespace Kernels.Tests;

public class MatrixOpsTests
{
    public static TheoryData<string> Cases => new(MatrixCases.Names);

    private static IEnumerable<(int Rows, int Cols)> Shapes =>
        from r in new[] { 0, 1, 2, 3, 4, 5, 9 } // 4 and more: the rank-1 update's four-row passes and what is left after them
        from c in Sweep.ShortLengths.Concat([64, 100, 257])
        select (r, c);

    [Theory, MemberData(nameof(Cases))]
    public void Float_matches_reference_on_every_path_and_shape(string name) => MatchesReference<float>(name, 21);

    [Theory, MemberData(nameof(Cases))]
    public void Double_matches_reference_on_every_path_and_shape(string name) => MatchesReference<double>(name, 22);

    private static void MatchesReference<T>(string name, int salt) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var c = MatrixCases.Get<T>(name);
        foreach (var (rows, cols) in Shapes)
        {
            string context = $"{name}<{typeof(T).Name}> {rows}×{cols}";
            ulong seed = Sweep.Seed(salt, rows * 1000 + cols);
            var x = new StridedMatrix<T>(rows, cols, gap: 3, seed, -6, 6);
            T[] u = TestData.Uniform<T>(rows, seed + 1), v = TestData.Uniform<T>(cols, seed + 2);
            var inputs = new MatrixInputs<T>(x.Dense(), rows, cols, u, v, x.Dense());

            int outLength = c.Output switch { MatrixOutput.RowVector => rows, MatrixOutput.ColumnVector => cols, _ => rows * cols };
            var expected = new T[outLength];
            var expectedMatrix = x.Clone(gap: 0);
            c.Reference(x.View, u, v, expectedMatrix.View, expected);
            if (c.Output is MatrixOutput.Matrix or MatrixOutput.MatrixInPlace)
                expected = expectedMatrix.Dense();

            foreach (IsaPath p in Isa.SupportedPaths)
            {
                T[] actual;
                using (Isa.Force(p))
                {
                    switch (c.Output)
                    {
                        case MatrixOutput.Matrix:
                            var d = new StridedMatrix<T>(rows, cols, gap: 5, seed + 3);
                            c.Kernel(x.View, u, v, d.View, default);
                            d.AssertGapsUntouched($"{context} {p} destination");
                            actual = d.Dense();
                            break;
                        case MatrixOutput.MatrixInPlace:
                            var m = x.Clone(gap: 2);
                            c.Kernel(x.View, u, v, m.View, default);
                            m.AssertGapsUntouched($"{context} {p} in place");
                            actual = m.Dense();
                            break;
                        default:
                            actual = new T[outLength];
                            c.Kernel(x.View, u, v, default, actual);
                            break;
                    }
                }
                x.AssertGapsUntouched($"{context} {p} input");
                c.Compare(inputs, expected, actual).ThrowIfFailed($"{context} path {p}");
            }
        }
    }
    [Fact]
    public void AffineActivate_is_bit_for_bit_a_gemm_then_a_bias_activation_on_every_path()
    {
        foreach (Activation f in Enum.GetValues<Activation>())
            foreach (var (rows, cols) in new[] { (1, 1), (8, 2), (1, 8), (3, 17), (10, 128), (256, 784), (7, 0) })
            {
                Check<float>(f, rows, cols);
                Check<double>(f, rows, cols);
            }

        static void Check<T>(Activation f, int rows, int cols) where T : unmanaged, IFloatingPointIeee754<T>
        {
            ulong seed = Sweep.Seed(23, rows * 1000 + cols);
            var w = new StridedMatrix<T>(rows, cols, gap: 3, seed, -1, 1);
            T[] x = TestData.Uniform<T>(cols, seed + 1), b = TestData.Uniform<T>(rows, seed + 2);
            foreach (IsaPath p in Isa.SupportedPaths)
                using (Isa.Force(p))
                {
                    var fused = new T[rows];
                    MatrixOps.AffineActivate<T>(w.View, x, b, f, fused);
                    var twoCalls = new T[rows];
                    var row = new Span2D<T>(twoCalls, 1, rows);
                    Gemm.Multiply(T.One, new ReadOnlySpan2D<T>(x, 1, cols), w.View, T.Zero, row, Transpose.NoTrans, Transpose.Trans);
                    MatrixOps.AddBiasActivate<T>(row, b, f, row);
                    Testing.Compare.Exact<T>(twoCalls, fused).ThrowIfFailed($"{f} {rows}×{cols} {typeof(T).Name} path {p}");
                }
        }
    }
}
