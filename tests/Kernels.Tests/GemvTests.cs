using System.Numerics;
using Xunit;

namespace Kernels.Tests;

/// <summary>
/// The matrix–vector path (m = 1 or n = 1) on every ISA path: every output length around the vector widths and the column
/// block, depths covering every remainder of the eight- and four-row sweeps, all transposes.
/// </summary>
public class GemvTests
{
    public static TheoryData<string> Transposes => ["NN", "NT", "TN", "TT"];

    [Theory, MemberData(nameof(Transposes))]
    public void Row_and_column_products_match_oracle_on_every_path(string t)
    {
        Run<float>(t);
        Run<double>(t);
    }

    /// <summary>
    /// The row product over a matrix of 16 MiB or more, where the sweeps take eight rows even though its rows are long
    /// (the other cases reach eight-row sweeps through short rows); the depth leaves a four-row sweep after them.
    /// </summary>
    [Fact]
    public void Row_product_over_a_matrix_beyond_the_L3_matches_oracle_on_every_path()
    {
        Large<float>(k: 4100, n: 1024);  // 16.0 MiB, rows 4 KiB
        Large<double>(k: 2052, n: 1024); // 16.0 MiB, rows 8 KiB
    }

    private static void Large<T>(int k, int n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var row = new GemmProblem<T>(false, false, 1, n, k, 0.75, 1.3, 77);
        foreach (IsaPath path in Isa.SupportedPaths)
            using (Isa.Force(path))
                row.Check(row.RunBlas(), $"m = 1, k = {k}, n = {n}, path {path}");
    }

    private static void Run<T>(string t) where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool ta = t[0] == 'T', tb = t[1] == 'T';
        int[] lengths = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 63, 65, 100, 2049];
        int[] depths = [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 15, 16, 130];
        int index = 0;
        foreach (int len in lengths)
            foreach (int k in depths)
            {
                if (len > 1000 && k > 10) continue; // keep the oracle cheap
                index++;
                double beta = index % 3 == 0 ? 0 : index % 3 == 1 ? 1 : -0.5;
                var row = new GemmProblem<T>(ta, tb, 1, len, k, 0.75, beta, (ulong)index);   // m = 1
                var col = new GemmProblem<T>(ta, tb, len, 1, k, -1.5, beta, (ulong)index + 500); // n = 1
                foreach (IsaPath path in Isa.SupportedPaths)
                    using (Isa.Force(path))
                    {
                        row.Check(row.RunBlas(), $"m = 1, path {path}");
                        col.Check(col.RunBlas(), $"n = 1, path {path}");
                    }
            }
    }
}
