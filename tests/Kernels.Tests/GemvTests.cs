using System.Numerics;
using Xunit;

namespace Kernels.Tests;

/// <summary>The matrix–vector path (m = 1 or n = 1) on every ISA path: every output length around the vector widths and the column block, all transposes.</summary>
public class GemvTests
{
    public static TheoryData<string> Transposes => ["NN", "NT", "TN", "TT"];

    [Theory, MemberData(nameof(Transposes))]
    public void Row_and_column_products_match_oracle_on_every_path(string t)
    {
        Run<float>(t);
        Run<double>(t);
    }

    private static void Run<T>(string t) where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool ta = t[0] == 'T', tb = t[1] == 'T';
        int[] lengths = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 63, 65, 100, 2049];
        int[] depths = [1, 2, 3, 4, 5, 9, 130];
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
