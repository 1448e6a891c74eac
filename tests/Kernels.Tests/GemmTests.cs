using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using CommunityToolkit.HighPerformance;
using Kernels.Testing;
using Xunit;
using Kernels.MatrixMultiply;

namespace Kernels.Tests;

/// <summary>The public GEMM entry points on every ISA path: random shapes, every transpose, α and β, against the oracle.</summary>
public class GemmTests
{
    // Dimensions: 0, 1, primes, tile and small-path boundaries (64/65), and just past the MC (144) and KC (256) blocks.
    private static readonly int[] Dims = [0, 1, 2, 3, 5, 7, 8, 13, 16, 31, 64, 65, 97];

    private static IEnumerable<(int M, int N, int K)> Shapes(ulong seed, int count)
    {
        var rng = new Random((int)seed);
        for (int i = 0; i < count; i++)
            yield return (Dims[rng.Next(Dims.Length)], Dims[rng.Next(Dims.Length)], Dims[rng.Next(Dims.Length)]);
        yield return (145, 17, 9);     // m just past MC
        yield return (7, 19, 257);     // k just past KC
        yield return (2, 4081, 3);     // n just past NC
        yield return (150, 70, 300);   // several blocks of everything but NC
        yield return (64, 10, 256);    // the small path at its depth limit
        yield return (64, 64, 257);    // just past it: the blocked driver
    }

    public static TheoryData<string> Transposes => ["NN", "NT", "TN", "TT"];

    [Theory, MemberData(nameof(Transposes))]
    public void Float_blas_matches_oracle_on_every_path(string t) => RandomShapes<float>(t, 101);

    [Theory, MemberData(nameof(Transposes))]
    public void Double_blas_matches_oracle_on_every_path(string t) => RandomShapes<double>(t, 202);

    private static void RandomShapes<T>(string t, ulong seed) where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool ta = t[0] == 'T', tb = t[1] == 'T';
        double[] alphas = [0, 1, 0.7, -2];
        double[] betas = [0, 1, 1.3];
        int index = 0;
        foreach (var (m, n, k) in Shapes(seed + (ulong)t.GetHashCode(StringComparison.Ordinal) % 1000, 24))
        {
            index++;
            CheckOnEveryPath(new GemmProblem<T>(ta, tb, m, n, k, alphas[index % 4], betas[index % 3], seed + (ulong)index), "");
        }
    }

    // The BLAS entry point forced onto each path this machine has, each result against the oracle's bound.
    // Every forced path, and unforced: where the runtime accelerates Vector512, an unforced product that takes the
    // blocked route runs the 512-bit micro-kernel, which no forced path reaches.
    private static void CheckOnEveryPath<T>(GemmProblem<T> p, string label) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (IsaPath path in Isa.SupportedPaths)
            using (Isa.Force(path))
                p.Check(p.RunBlas(), $"{label} path {path}");
        p.Check(p.RunBlas(), $"{label} unforced");
    }

    [Fact]
    public void Every_row_count_of_the_small_path_matches_the_oracle()
    {
        // Whole slivers split their rows into tiles of nearly equal height (32 → 6, 6, 5, 5, 5, 5; 13 → 5, 4, 4), other
        // slivers a last full tile plus one or two rows into two narrower tiles (6 + 2 → 4 + 4, 6 + 1 → 4 + 3): every row
        // count of the small path, with full, partial and narrow column slivers, float and double.
        int index = 0;
        foreach (string t in new[] { "NN", "TN", "NT" })
            for (int m = 1; m <= 64; m++)
            {
                foreach (int n in new[] { 3, 16, 21, 32, 33, 48 }) // 32, 33, 48: the 512-bit kernel's small route, unforced
                {
                    index++;
                    CheckOnEveryPath(new GemmProblem<float>(t[0] == 'T', t[1] == 'T', m, n, 11, 0.7, index % 2 == 0 ? 0 : 1.3, (ulong)index), t);
                }
                foreach (int n in new[] { 3, 8, 13, 16, 17, 24 })
                {
                    index++;
                    CheckOnEveryPath(new GemmProblem<double>(t[0] == 'T', t[1] == 'T', m, n, 11, 0.7, index % 2 == 0 ? 0 : 1.3, (ulong)index), t);
                }
            }
    }

    [Fact]
    public void Whole_sliver_rows_split_into_ceil_rows_over_six_tiles_of_nearly_equal_height()
    {
        Assert.Equal((2, 4), RowSplit.Balanced(32));
        Assert.Equal((1, 2), RowSplit.Balanced(16));
        Assert.Equal((0, 1), RowSplit.Balanced(13)); // then 4 + 4
        Assert.Equal((0, 0), RowSplit.Balanced(8));  // 4 + 4
        for (int rows = 0; rows <= 400; rows++)
        {
            var (sixes, fives) = RowSplit.Balanced(rows);
            int tail = rows - 6 * sixes - 5 * fives;
            int tailTiles = (tail + 3) / 4; // the tail runs in tiles of at most 4 rows
            Assert.True(tail >= 0 && tail <= 8, $"rows {rows}: tail {tail}");
            Assert.Equal((rows + 5) / 6, sixes + fives + tailTiles);
        }
    }

    [Fact]
    public void Thin_last_slivers_of_the_small_path_match_the_oracle()
    {
        // One or two columns past the last whole sliver (one for double) run as matrix–vector products once there are a
        // tile of rows and k ≥ NR: shapes on both sides of that rule (rows, depth, edge width), every transpose and
        // path, strided operands with NaN in their gaps, β = 0 over a NaN-filled C.
        int index = 0;
        foreach (string t in new[] { "NN", "NT", "TN", "TT" })
        {
            foreach (var (m, n, k) in new[] { (6, 17, 16), (7, 18, 17), (17, 17, 17), (5, 17, 40), (20, 33, 15), (64, 50, 100), (33, 19, 64), (17, 60, 9), (6, 64, 33),
                (65, 65, 65), (100, 130, 70), (150, 97, 260) }) // the blocked driver too (n past 64, k past KC)
            {
                index++;
                CheckOnEveryPath(new GemmProblem<float>(t[0] == 'T', t[1] == 'T', m, n, k, 0.7, index % 2 == 0 ? 0 : 1.3, (ulong)index), t);
            }
            foreach (var (m, n, k) in new[] { (6, 9, 8), (13, 17, 9), (64, 25, 64), (9, 10, 30), (70, 65, 40) })
            {
                index++;
                CheckOnEveryPath(new GemmProblem<double>(t[0] == 'T', t[1] == 'T', m, n, k, -2, index % 2 == 0 ? 0 : 1.3, (ulong)index), t);
            }
        }
    }

    [Fact]
    public void A_whose_rows_crowd_the_l2_is_packed_and_matches_the_oracle_on_every_path()
    {
        // A row pitch of 8 KiB puts a block's rows in an eighth of the L2's sets: A is packed although not transposed,
        // when enough slivers reuse the block to pay for the copy.
        if (Isa.Best >= IsaPath.Vector256)
        {
            Assert.True(Gemm.Explain<double>(Transpose.NoTrans, Transpose.NoTrans, 80, 80, 1024, 1, 1024, 80, 0, 80).PackA);
            Assert.True(Gemm.Explain<float>(Transpose.NoTrans, Transpose.NoTrans, 160, 70, 2048, 1, 2048, 70, 0, 70).PackA);
            Assert.False(Gemm.Explain<double>(Transpose.NoTrans, Transpose.NoTrans, 80, 19, 1024, 1, 1024, 19, 0, 19).PackA); // 3 slivers
        }
        CheckOnEveryPath(new GemmProblem<double>(false, false, 80, 80, 1024, 0.7, 1.3, 77, padA: 0), "pitch 8 KiB");
        CheckOnEveryPath(new GemmProblem<float>(false, false, 160, 70, 2048, 0.7, 0, 79, padA: 0), "pitch 8 KiB, float");
        CheckOnEveryPath(new GemmProblem<double>(false, false, 80, 19, 1024, 0.7, 1.3, 77, padA: 0), "pitch 8 KiB, 3 slivers");
        CheckOnEveryPath(new GemmProblem<double>(false, true, 90, 40, 1024, -2, 0, 78, padA: 0), "pitch 8 KiB, B transposed");
    }

    [Fact]
    public void Rank_one_products_match_the_oracle_on_every_path()
    {
        // k = 1 with β ∈ {0, 1} and a contiguous op(B) row streams each row of C (RankOneGemm); other β, a strided
        // op(B) (B transposed with ldb > 1) and short rows take the micro-kernel. Both, every transpose, every path.
        int index = 0;
        foreach (string t in new[] { "NN", "TN", "NT", "TT" })
            foreach (int padB in new[] { 0, 5 })
                foreach (double beta in new[] { 0, 1, 1.3 })
                    foreach (var (m, n) in new[] { (97, 64), (7, 131), (33, 63), (2, 200) })
                    {
                        index++;
                        CheckOnEveryPath(new GemmProblem<float>(t[0] == 'T', t[1] == 'T', m, n, 1, index % 2 == 0 ? -0.7 : 1, beta, (ulong)index, padB: padB),
                            $"{t} padB {padB} β {beta} {m}×{n}");
                    }
    }

    [Fact]
    public void Alpha_zero_and_k_zero_give_beta_c_without_reading_a_or_b()
    {
        foreach (IsaPath path in Isa.SupportedPaths)
            using (Isa.Force(path))
            {
                var a = new float[12]; a.AsSpan().Fill(float.NaN);
                var b = new float[12]; b.AsSpan().Fill(float.NaN);
                var c = new float[] { 1, 2, 3, 4, 5, 6 };
                Blas.Sgemm(Transpose.NoTrans, Transpose.NoTrans, 2, 3, 4, 0f, a, 4, b, 3, 2f, c, 3);
                Assert.Equal([2f, 4, 6, 8, 10, 12], c);
                Blas.Sgemm(Transpose.NoTrans, Transpose.NoTrans, 2, 3, 0, 1f, a, 1, b, 3, 0.5f, c, 3);
                Assert.Equal([1f, 2, 3, 4, 5, 6], c);
                c.AsSpan().Fill(float.NaN);
                Blas.Sgemm(Transpose.NoTrans, Transpose.NoTrans, 2, 3, 0, 1f, a, 1, b, 3, 0f, c, 3);
                Assert.All(c, v => Assert.Equal(0f, v)); // β = 0: C is overwritten, its NaN does not survive
                Blas.Sgemm(Transpose.NoTrans, Transpose.NoTrans, 0, 3, 4, 1f, a, 4, b, 3, 0f, c, 3);  // m = 0: nothing
                Blas.Sgemm(Transpose.NoTrans, Transpose.NoTrans, 2, 0, 4, 1f, a, 4, b, 3, 0f, c, 3);  // n = 0: nothing
                Assert.All(c, v => Assert.Equal(0f, v));
            }
    }

    [Fact]
    public void Nan_and_infinity_in_inputs_propagate()
    {
        foreach (IsaPath path in Isa.SupportedPaths)
            using (Isa.Force(path))
            {
                float[] a = [1, float.NaN, 2, 3, 4, 5, float.PositiveInfinity, 0, 1, 1, 1, 1];  // 3×4
                float[] b = TestData.Uniform<float>(4 * 20, 9, 0.5, 1);                        // 4×20, positive
                var c = new float[3 * 20];
                Blas.Sgemm(Transpose.NoTrans, Transpose.NoTrans, 3, 20, 4, 1f, a, 4, b, 20, 0f, c, 20);
                for (int j = 0; j < 20; j++)
                {
                    Assert.True(float.IsNaN(c[j]), $"row 0 has a NaN input ({path})");
                    Assert.Equal(float.PositiveInfinity, c[20 + j]);
                    Assert.True(float.IsFinite(c[40 + j]));
                }
            }
    }

    [Fact]
    public void Small_integer_products_are_exact_on_every_path()
    {
        // Entries in [−8, 8]: every partial sum is an integer below 2^24, so any order of exact-integer arithmetic gives the same result.
        foreach (var (m, n, k, t) in new[] { (70, 90, 130, "NN"), (33, 17, 300, "TN"), (129, 65, 64, "NT"), (5, 200, 257, "TT"), (1, 77, 99, "NN"), (77, 1, 99, "TT") })
        {
            var pf = new GemmProblem<float>(t[0] == 'T', t[1] == 'T', m, n, k, 1, 1, 77, smallIntegers: true);
            var pd = new GemmProblem<double>(t[0] == 'T', t[1] == 'T', m, n, k, -2, 0, 78, smallIntegers: true);
            foreach (IsaPath path in Isa.SupportedPaths)
                using (Isa.Force(path))
                {
                    pf.CheckExact(pf.RunBlas(), $"path {path}");
                    pd.CheckExact(pd.RunBlas(), $"path {path}");
                }
        }
    }

    [Fact]
    public void Results_are_bitwise_identical_for_one_two_and_four_threads()
    {
        foreach (var (m, n, k, t) in new[] { (300, 500, 200, "NN"), (301, 257, 333, "TT"), (400, 258, 100, "TN"), (2000, 20, 130, "NT"), (150, 1000, 100, "TN"), (2000, 10, 150, "NN"), (3001, 10, 80, "NT") })
            foreach (IsaPath path in Isa.SupportedPaths)
                using (Isa.Force(path))
                {
                    var p = new GemmProblem<float>(t[0] == 'T', t[1] == 'T', m, n, k, 0.7, 1.3, 5);
                    float[] one = p.RunBlas(1);
                    Compare.Exact<float>(one, p.RunBlas(2)).ThrowIfFailed($"2 threads, {path}, {p}");
                    Compare.Exact<float>(one, p.RunBlas(4)).ThrowIfFailed($"4 threads, {path}, {p}");
                    var q = new GemmProblem<double>(t[0] == 'T', t[1] == 'T', m / 2, n / 2, k, -2, 0, 6);
                    Compare.Exact<double>(q.RunBlas(1), q.RunBlas(3)).ThrowIfFailed($"3 threads, {path}, {q}");
                }
        // Unforced too (the 512-bit micro-kernel where Vector512 is accelerated).
        foreach (var (m, n, k, t) in new[] { (300, 500, 200, "NN"), (301, 257, 333, "TT"), (400, 258, 100, "TN"), (150, 1000, 100, "NT") })
        {
            var p = new GemmProblem<float>(t[0] == 'T', t[1] == 'T', m, n, k, 0.7, 1.3, 7);
            float[] one = p.RunBlas(1);
            Compare.Exact<float>(one, p.RunBlas(2)).ThrowIfFailed($"2 threads, unforced, {p}");
            Compare.Exact<float>(one, p.RunBlas(4)).ThrowIfFailed($"4 threads, unforced, {p}");
            var q = new GemmProblem<double>(t[0] == 'T', t[1] == 'T', m / 2, n / 2, k, -2, 0, 8);
            Compare.Exact<double>(q.RunBlas(1), q.RunBlas(3)).ThrowIfFailed($"3 threads, unforced, {q}");
        }
    }

    [Fact]
    public void Unforced_blocked_products_match_the_forced_vector256_path_bit_for_bit()
    {
        // Where Vector512 is supported the unforced call runs the 512-bit micro-kernel, the forced Vector256 one the
        // 256-bit kernel: each element is the same chain of fused multiply-adds along k in both (edges of 3–4 columns
        // aside, which the 512-bit route computes as matrix–vector products, so the widths here avoid them).
        Assert.SkipUnless(Isa.IsSupported(IsaPath.Vector256) && Isa.HasFusedMultiplyAdd, "the Vector256 path with FMA is not available here");
        TestContext.Current.SendDiagnosticMessage($"default path {Isa.Best}");
        foreach (var (m, n, k, t) in new[] { (100, 96, 300, "NN"), (70, 97, 520, "TN"), (129, 65, 77, "NT"), (200, 150, 600, "TT") })
        {
            var p = new GemmProblem<float>(t[0] == 'T', t[1] == 'T', m, n, k, 0.7, 1.3, 9);
            float[] forced;
            using (Isa.Force(IsaPath.Vector256))
                forced = p.RunBlas();
            Compare.Exact<float>(forced, p.RunBlas()).ThrowIfFailed($"unforced against forced Vector256, {p}");
            var q = new GemmProblem<double>(t[0] == 'T', t[1] == 'T', m, n, k, -2, 0, 10);
            double[] forcedD;
            using (Isa.Force(IsaPath.Vector256))
                forcedD = q.RunBlas();
            Compare.Exact<double>(forcedD, q.RunBlas()).ThrowIfFailed($"unforced against forced Vector256, {q}");
        }
    }

    [Fact]
    public void Parallel_results_match_the_oracle()
    {
        var p = new GemmProblem<float>(false, true, 200, 333, 150, 0.7, 1.3, 8);
        p.Check(p.RunBlas(4), "4 threads");
    }

    [Fact]
    public void Span2D_entry_point_takes_shapes_from_views_including_sub_matrices()
    {
        // A 5×7 block at (2, 3) of a 10×12 buffer times a 7×4 view, into a 5×4 block of another buffer.
        float[] abuf = TestData.Uniform<float>(10 * 12, 1), bbuf = TestData.Uniform<float>(7 * 4, 2), cbuf = TestData.Uniform<float>(8 * 9, 3);
        var a = new Span2D<float>(abuf, 10, 12).Slice(2, 3, 5, 7);
        var b = new Span2D<float>(bbuf, 7, 4);
        var c = new Span2D<float>(cbuf, 8, 9).Slice(1, 2, 5, 4);
        float[] expected = (float[])cbuf.Clone();
        Kernels.Testing.Reference.GemmReference.Gemm<float>(Transpose.NoTrans, Transpose.NoTrans, 5, 4, 7, 1.5f, abuf.AsSpan(2 * 12 + 3), 12, bbuf, 4, 0.5f, expected.AsSpan(1 * 9 + 2), 9);
        Gemm.Multiply<float>(1.5f, a, b, 0.5f, c);
        var bound = Enumerable.Repeat(1e-5, cbuf.Length).ToArray();
        Compare.WithinBound<float>(expected, cbuf, bound).ThrowIfFailed("Span2D GEMM");

        // Transposed views: op(A) = aᵀ with a stored 7×5, op(B) = bᵀ with b stored 4×7.
        float[] at = TestData.Uniform<float>(7 * 5, 4), bt = TestData.Uniform<float>(4 * 7, 5);
        float[] c2 = new float[5 * 4], e2 = new float[5 * 4];
        Gemm.Multiply<float>(1f, new Span2D<float>(at, 7, 5), new Span2D<float>(bt, 4, 7), 0f, new Span2D<float>(c2, 5, 4), Transpose.Trans, Transpose.Trans);
        Kernels.Testing.Reference.GemmReference.Gemm<float>(Transpose.Trans, Transpose.Trans, 5, 4, 7, 1f, at, 5, bt, 7, 0f, e2, 4);
        Compare.WithinBound<float>(e2, c2, Enumerable.Repeat(1e-5, 20).ToArray()).ThrowIfFailed("Span2D GEMM transposed");
    }
}
