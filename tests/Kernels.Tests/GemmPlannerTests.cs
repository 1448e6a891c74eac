using System;
using System.Linq;
using System.Numerics;
using System.Runtime.CompilerServices;
using Kernels.MatrixMultiply;
using Kernels.Platform;
using Kernels.Testing;
using Xunit;

namespace Kernels.Tests;

/// <summary>
/// The GEMM planner: the route representative shapes take on each path, the blocking that follows injected caches, the
/// public explanation, and plans this machine would not make (the 512-bit kernel where Vector512 is only emulated)
/// executed and checked against the oracle.
/// </summary>
public class GemmPlannerTests
{
    private static GemmPlan Plan<T>(IsaPath path, bool ta, bool tb, int m, int n, int k, int maxDop = 1, double alpha = 1, double beta = 0,
        int lda = 0, int ldb = 0, int ldc = 0, GemmTuning? tuning = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        lda = lda > 0 ? lda : ta ? m : k;
        ldb = ldb > 0 ? ldb : tb ? k : n;
        ldc = ldc > 0 ? ldc : n;
        var op = new GemmOperands<T>(ta, tb, m, n, k, T.CreateChecked(alpha), ref Unsafe.NullRef<T>(), lda, ref Unsafe.NullRef<T>(), ldb,
            T.CreateChecked(beta), ref Unsafe.NullRef<T>(), ldc);
        return GemmPlanner.Plan(op, path, maxDop, tuning ?? new GemmTuning(CacheSizes.Assumed));
    }

    [Fact]
    public void Routes_that_need_no_kernel_come_first_in_this_order()
    {
        Assert.Equal(GemmRoute.Nothing, Plan<float>(IsaPath.Vector256, false, false, 0, 5, 5).Route);
        Assert.Equal(GemmRoute.ScaleOnly, Plan<float>(IsaPath.Vector256, false, false, 5, 5, 0).Route);
        Assert.Equal(GemmRoute.ScaleOnly, Plan<float>(IsaPath.Vector256, false, false, 5, 5, 5, alpha: 0).Route);
        Assert.Equal(GemmRoute.MatrixVector, Plan<float>(IsaPath.Vector256, false, true, 1, 256, 784).Route);
        Assert.Equal(GemmRoute.MatrixVector, Plan<double>(IsaPath.Scalar, true, false, 300, 1, 40).Route);
        Assert.Equal(GemmRoute.Tiny, Plan<float>(IsaPath.Vector256, false, false, 2, 2, 2).Route);
        Assert.Equal(GemmRoute.Tiny, Plan<float>(IsaPath.Vector128, true, true, 2, 4, 4).Route);
        Assert.Equal(GemmRoute.Tiny, Plan<float>(IsaPath.Vector256, false, false, 4, 4, 4).Route);    // 64, rows of half a vector
        Assert.NotEqual(GemmRoute.Tiny, Plan<float>(IsaPath.Vector256, false, false, 4, 8, 2).Route); // 64, rows of a whole one
        Assert.Equal(GemmRoute.RankOne, Plan<float>(IsaPath.Vector256, false, false, 100, 64, 1).Route);
        Assert.Equal(GemmRoute.RankOne, Plan<double>(IsaPath.Vector256, true, false, 100, 300, 1, beta: 1).Route);
        Assert.NotEqual(GemmRoute.RankOne, Plan<float>(IsaPath.Vector256, false, false, 100, 64, 1, beta: 0.5).Route);   // β
        Assert.NotEqual(GemmRoute.RankOne, Plan<float>(IsaPath.Vector256, false, false, 100, 63, 1).Route);              // short rows
        Assert.NotEqual(GemmRoute.RankOne, Plan<float>(IsaPath.Vector256, false, true, 100, 64, 1, ldb: 2).Route);       // strided op(B) row
    }

    /// <summary>The Vector256 path's rules are about its 6×2 AVX2 kernel; elsewhere that path runs the host's best kernel
    /// (Vector128, AdvSimd or scalar tiles), whose routes other tests check against the oracle.</summary>
    private static void SkipUnlessTheVector256PathRunsItsOwnKernel() =>
        Assert.SkipUnless(GemmPlanner.PathKernel<float>(IsaPath.Vector256) == GemmKernel.Vector256Tile6x2,
            $"the Vector256 path runs {GemmPlanner.PathKernel<float>(IsaPath.Vector256)} on this host");

    [Fact]
    public void Representative_shapes_take_the_routes_the_rules_give_on_the_vector256_path()
    {
        SkipUnlessTheVector256PathRunsItsOwnKernel();
        var p = Plan<float>(IsaPath.Vector256, false, false, 16, 16, 16);
        Assert.Equal((GemmRoute.Unpacked, GemmKernel.Vector256Tile6x2, false, 0), (p.Route, p.Kernel, p.Transposed, p.EdgeColumns));

        // A classifier's output layer (10 columns, deep k): dot products, op(B) as stored.
        p = Plan<float>(IsaPath.Vector256, false, true, 64, 10, 128);
        Assert.Equal((GemmRoute.DotProducts, false), (p.Route, p.Transposed));
        // The same narrow C as rows (op(B) transposed, few rows): dot products of Cᵀ.
        p = Plan<float>(IsaPath.Vector256, true, true, 10, 64, 128);
        Assert.Equal((GemmRoute.DotProducts, true), (p.Route, p.Transposed));
        // Too shallow for the reduction to pay: tiles, computed as Cᵀ (10 columns waste more lanes than 10 rows).
        p = Plan<float>(IsaPath.Vector256, false, false, 64, 10, 32);
        Assert.Equal(GemmRoute.Unpacked, p.Route);

        // 17 columns: one whole sliver, the 17th as a matrix–vector product.
        p = Plan<float>(IsaPath.Vector256, false, false, 17, 17, 17);
        Assert.Equal((GemmRoute.Unpacked, 1), (p.Route, p.EdgeColumns));
        // 65³: blocked, the 65th column as a matrix–vector product.
        p = Plan<float>(IsaPath.Vector256, false, false, 65, 65, 65);
        Assert.Equal((GemmRoute.Blocked, 1), (p.Route, p.EdgeColumns));

        // Blocked: B in place for one block of rows, packed beyond MC rows or at a pitch that aliases in L1.
        p = Plan<float>(IsaPath.Vector256, false, false, 32, 256, 784);
        Assert.Equal((GemmRoute.Blocked, false, false), (p.Route, p.PackA, p.PackB));
        Assert.True(Plan<float>(IsaPath.Vector256, false, false, 64, 256, 784).PackB);                  // 11 row tiles, 8× crowded
        Assert.False(Plan<float>(IsaPath.Vector256, false, false, 64, 784, 256).PackB);                 // 3136 B pitch: no crowding
        Assert.True(Plan<float>(IsaPath.Vector256, false, false, 512, 512, 512).PackB);
        Assert.True(Plan<float>(IsaPath.Vector256, false, false, 32, 1024, 784, ldb: 1024).PackB);     // 4 KiB pitch: one L1 set
        Assert.True(Plan<float>(IsaPath.Vector256, false, false, 2048, 2048, 2048).PackA);              // 8 KiB pitch crowds L2
        Assert.False(Plan<float>(IsaPath.Vector256, false, false, 1000, 1000, 1000).PackA);
        Assert.True(Plan<float>(IsaPath.Vector256, false, true, 64, 256, 784).PackB);                   // transposed B
        Assert.True(Plan<float>(IsaPath.Vector256, true, false, 256, 256, 256).PackA);                  // transposed A
        Assert.True(Plan<double>(IsaPath.Vector256, false, false, 1024, 1024, 1024).PackA);             // 8 KiB pitch, double
        Assert.False(Plan<double>(IsaPath.Vector256, false, false, 80, 19, 1024, lda: 1024).PackA);     // 3 slivers: no reuse to pay
        Assert.False(Plan<float>(IsaPath.Vector256, false, false, 160, 32, 2048, lda: 2048).PackA);
        Assert.Equal(new GemmBlocking(144, 256, 4080), Plan<float>(IsaPath.Vector256, false, false, 512, 512, 512).Blocking);
        Assert.Equal(new GemmBlocking(72, 256, 4080), Plan<double>(IsaPath.Vector256, false, false, 512, 512, 512).Blocking);

        // On a small core, one block of rows of B stays in place unless its pitch is a multiple of the L1 way (4 KiB).
        var tiny = new GemmTuning(CacheSizes.Complete(new(16 << 10, 4, 64), new(128 << 10, 8, 64), new(2L << 20, 16, 64), "test"));
        Assert.False(Plan<float>(IsaPath.Vector256, false, false, 64, 512, 784, ldb: 520, tuning: tiny).PackB);
        Assert.True(Plan<float>(IsaPath.Vector256, false, false, 64, 512, 784, ldb: 1024, tuning: tiny).PackB);
    }

    [Fact]
    public void Threads_split_only_work_worth_splitting_and_never_more_ways_than_the_work_has_units()
    {
        SkipUnlessTheVector256PathRunsItsOwnKernel();
        var p = Plan<float>(IsaPath.Vector256, false, false, 1024, 1024, 1024, maxDop: 2);
        Assert.Equal((Math.Min(2, Environment.ProcessorCount), true, 16), (p.Threads, p.SplitColumns, p.SplitUnit));
        Assert.Equal(1, Plan<float>(IsaPath.Vector256, false, false, 100, 100, 100, maxDop: 8).Threads); // below 128³
        p = Plan<float>(IsaPath.Vector256, false, false, 4096, 16, 4096, maxDop: 4);
        Assert.Equal((false, 6), (p.SplitColumns, p.SplitUnit)); // a narrow C splits rows
        p = Plan<float>(IsaPath.Vector256, false, true, 8192, 10, 1024, maxDop: 4);
        Assert.Equal((GemmRoute.DotProducts, false, 4), (p.Route, p.SplitColumns, p.SplitUnit));
    }

    [Fact]
    public void On_every_path_a_large_product_splits_whole_slivers_and_a_small_one_stays_on_one_thread()
    {
        foreach (IsaPath path in Isa.SupportedPaths)
        {
            var p = Plan<float>(path, false, false, 1024, 1024, 1024, maxDop: 2);
            TileShape s = GemmTuning.Shape(p.Kernel, sizeof(float));
            Assert.Equal((path, Math.Min(2, Environment.ProcessorCount), true, s.NR), (path, p.Threads, p.SplitColumns, p.SplitUnit));
            p = Plan<float>(path, false, false, 4096, s.NR, 4096, maxDop: 4); // one sliver wide: rows split
            Assert.Equal((path, false, s.MR), (path, p.SplitColumns, p.SplitUnit));
            Assert.Equal(1, Plan<double>(path, false, false, 100, 100, 100, maxDop: 8).Threads);
        }
    }

    [Fact]
    public void Every_path_picks_its_own_kernel_and_other_element_types_the_scalar_one()
    {
        Assert.Equal(GemmKernel.ScalarTile4x4, GemmPlanner.PathKernel<float>(IsaPath.Scalar));
        Assert.Equal(GemmKernel.ScalarTile4x4, GemmPlanner.PathKernel<Half>(Isa.Best));
        foreach (IsaPath path in Isa.SupportedPaths)
        {
            GemmKernel k = GemmPlanner.PathKernel<float>(path);
            GemmKernel expected = path switch
            {
                IsaPath.Scalar => GemmKernel.ScalarTile4x4,
                IsaPath.VectorT => GemmKernel.VectorTTile6x2,
                IsaPath.Vector128 => System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported ? GemmKernel.AdvSimdTile8x3 : GemmKernel.Vector128Tile6x2,
                _ => GemmKernel.Vector256Tile6x2,
            };
            Assert.Equal(expected, k);
        }
    }

    [Fact]
    public void The_vector512_path_uses_512_bit_tiles_only_where_they_are_filled()
    {
        SkipUnlessTheVector256PathRunsItsOwnKernel(); // the 512-bit tiles extend the AVX2 kernel, emulated where AVX-512 is off
        Assert.Equal(GemmKernel.Vector512Tile6x2, Plan<float>(IsaPath.Vector512, false, false, 256, 256, 256).Kernel);
        Assert.Equal(GemmKernel.Vector512Tile6x2, Plan<float>(IsaPath.Vector512, false, false, 32, 32, 32).Kernel);  // a whole sliver
        Assert.Equal(GemmKernel.Vector512Tile6x2, Plan<float>(IsaPath.Vector512, false, false, 48, 48, 48).Kernel);  // and a half one
        Assert.Equal(GemmKernel.Vector256Tile6x2, Plan<float>(IsaPath.Vector512, false, false, 16, 16, 16).Kernel);  // no whole sliver
        Assert.Equal(GemmKernel.Vector256Tile6x2, Plan<float>(IsaPath.Vector512, false, false, 40, 40, 40).Kernel);  // mostly padding
        Assert.Equal(GemmRoute.DotProducts, Plan<float>(IsaPath.Vector512, false, true, 64, 10, 128).Route);         // narrow C
        Assert.Equal(GemmKernel.Vector512Tile6x2, Plan<double>(IsaPath.Vector512, false, false, 1000, 1000, 1000).Kernel);
    }

    [Fact]
    public void Blocking_follows_the_caches_it_is_given()
    {
        var tiny = new GemmTuning(CacheSizes.Complete(new(16 << 10, 4, 64), new(128 << 10, 8, 64), new(2L << 20, 16, 64), "test"));
        var zen5 = new GemmTuning(CacheSizes.Complete(new(48 << 10, 12, 64), new(1 << 20, 16, 64), new(32L << 20, 16, 64), "test"));
        var zen3 = new GemmTuning(CacheSizes.Assumed);
        foreach (var t in new[] { tiny, zen5, zen3 })
            foreach (GemmKernel kernel in Enum.GetValues<GemmKernel>())
                foreach (int size in new[] { 4, 8 })
                {
                    TileShape s = GemmTuning.Shape(kernel, size);
                    GemmBlocking b = t.Blocking(kernel, size);
                    string what = $"{kernel} {size} B on {t.Caches}";
                    Assert.True((long)b.KC * s.NR * size <= t.Caches.L1Data.Size * 2 / 3 || b.KC == 16, what);
                    Assert.True((long)b.MC * b.KC * size <= t.Caches.L2.Size / 2 || b.MC == s.MR, what);
                    Assert.True((long)b.KC * b.NC * size <= t.Caches.L3.Size / 4 || b.NC == s.NR, what);
                    Assert.True(b.MC % s.MR == 0 && b.NC % s.NR == 0 && b.KC % 8 == 0 && b.KC <= GemmTuning.MaxKC && b.NC <= GemmTuning.MaxNC, what);
                }
        // BLIS's Zen figures on a Zen 3 core; a smaller core gets smaller blocks, a larger L1 a longer KC for wide tiles.
        Assert.Equal(new GemmBlocking(144, 256, 4080), zen3.Blocking(GemmKernel.Vector256Tile6x2, 4));
        Assert.Equal(new GemmBlocking(72, 256, 4080), zen3.Blocking(GemmKernel.Vector256Tile6x2, 8));
        Assert.Equal(new GemmBlocking(128, 256, 4080), zen3.Blocking(GemmKernel.ScalarTile4x4, 4));
        GemmBlocking small = tiny.Blocking(GemmKernel.Vector256Tile6x2, 4);
        Assert.True(small.KC < 256 && small.MC < 144 && small.NC < 4080, small.ToString());
        Assert.Equal(168, zen3.Blocking(GemmKernel.Vector512Tile6x2, 4).KC);
        Assert.Equal(256, zen5.Blocking(GemmKernel.Vector512Tile6x2, 4).KC);
        // The pitch rules follow the cache geometry too.
        // Rows at a pitch sharing a power of two with the way size start in few sets: 256 one-line rows of B at 4 KiB fall
        // in one set of 8 ways (32×), at 1 KiB in four (8×), at 784 floats in all; A's 144 rows of 1 KiB at 8 KiB in
        // 128 L2 sets (2.25×), at 4000 B in all.
        Assert.Equal((32.0, 8.0), (zen3.BSliverL1Crowding(4096, 256, 64), zen3.BSliverL1Crowding(1024, 256, 64)));
        Assert.True(zen3.BSliverL1Crowding(3136, 256, 64) <= 1);
        Assert.Equal(2.25, zen3.ABlockL2Crowding(8192, 144, 256, 4));
        Assert.True(zen3.ABlockL2Crowding(4000, 144, 256, 4) <= 1);
        Assert.Equal(64.0, tiny.BSliverL1Crowding(4096, 256, 64)); // a 4-way L1
    }

    [Fact]
    public void The_tuning_table_is_public_and_names_the_caches_and_every_kernel()
    {
        var lines = Gemm.DescribeTuning();
        Assert.StartsWith("caches: L1d ", lines[0], StringComparison.Ordinal);
        foreach (GemmKernel kernel in Enum.GetValues<GemmKernel>())
            Assert.Equal(2, lines.Count(l => l.StartsWith(kernel + " ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Explain_describes_the_plan_for_this_thread_s_path()
    {
        var e = Gemm.Explain<float>(Transpose.NoTrans, Transpose.Trans, 32, 256, 784);
        TestContext.Current.SendDiagnosticMessage($"[explain] {e}");
        Assert.Equal(Isa.Current, e.Path);
        Assert.Contains(e.Route.ToString(), e.ToString(), StringComparison.Ordinal);
        if (Isa.Best >= IsaPath.Vector128)
        {
            Assert.Equal(GemmRoute.Blocked, e.Route);
            Assert.True(e.PackB && e.MC > 0 && e.KC > 0 && e.NC > 0 && e.MR > 0 && e.NR > 0);
        }
        using (Isa.Force(IsaPath.Scalar))
        {
            var s = Gemm.Explain<double>(Transpose.NoTrans, Transpose.NoTrans, 100, 100, 100, 2);
            Assert.Equal((IsaPath.Scalar, "ScalarTile4x4", 4, 4), (s.Path, s.Kernel, s.MR, s.NR));
        }
        Assert.Equal(GemmRoute.Tiny, Gemm.Explain<float>(Transpose.NoTrans, Transpose.NoTrans, 2, 2, 2).Route);
        Assert.Equal("", Gemm.Explain<float>(Transpose.NoTrans, Transpose.NoTrans, 1, 100, 100).Kernel);
        Assert.Throws<ArgumentOutOfRangeException>("m", () => Gemm.Explain<float>(Transpose.NoTrans, Transpose.NoTrans, -1, 2, 2));
        Assert.Throws<ArgumentOutOfRangeException>("lda", () => Gemm.Explain<float>(Transpose.NoTrans, Transpose.NoTrans, 4, 4, 8, 1f, 7, 4, 0f, 4));
        Assert.Throws<ArgumentOutOfRangeException>("maxDegreeOfParallelism", () => Gemm.Explain<float>(Transpose.NoTrans, Transpose.NoTrans, 4, 4, 4, 0));
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Plans_for_the_512_bit_kernel_run_right_even_where_vector512_is_only_emulated(bool ta, bool tb)
    {
        // The planner's Vector512 plans, executed: on hardware without AVX-512 the runtime emulates Vector512 with the
        // same arithmetic, so the routes and the kernel are checked on every machine.
        Assert.SkipUnless(Isa.HasFusedMultiplyAdd, "the 512-bit kernel fuses its multiply-adds; the oracle's bound assumes the path's own FMA");
        var tuning = GemmTuning.Current;
        int index = 0;
        foreach (var (m, n, k, threads) in new[] { (32, 32, 32, 1), (48, 48, 40, 1), (64, 33, 70, 1), (150, 130, 300, 1), (200, 96, 520, 2), (70, 65, 600, 3) })
        {
            index++;
            var pf = new GemmProblem<float>(ta, tb, m, n, k, index % 2 == 0 ? 0.7 : 1, index % 3 == 0 ? 0 : 1.3, (ulong)(100 + index));
            RunPlanned(pf, IsaPath.Vector512, threads, tuning);
            var pd = new GemmProblem<double>(ta, tb, m, n, k, -2, index % 3 == 1 ? 0 : 1, (ulong)(200 + index));
            RunPlanned(pd, IsaPath.Vector512, threads, tuning);
        }
    }

    private static unsafe void RunPlanned<T>(GemmProblem<T> p, IsaPath path, int threads, GemmTuning tuning) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] c = p.NewC();
        fixed (T* pa = p.A, pb = p.B, pc = c)
        {
            var op = new GemmOperands<T>(p.TransA, p.TransB, p.M, p.N, p.K, p.Alpha, ref p.A[0], p.Lda, ref p.B[0], p.Ldb, p.Beta, ref c[0], p.Ldc);
            GemmPlan plan = GemmPlanner.Plan(op, path, threads, tuning);
            GemmExecutor<T>.Execute(op, plan, path);
            p.Check(c, $"plan {plan}");
        }
    }
}
