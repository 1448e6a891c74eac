using System;
using System.Numerics;
using System.Runtime.InteropServices;
using CommunityToolkit.HighPerformance;
using Kernels.Testing;
using Xunit;

namespace Kernels.Tests;

/// <summary>
/// GEMM with a pre-packed op(B) (<see cref="PackedMatrix{T}"/>): the same bits as the unpacked call on every path,
/// layout, tile remainder, route and thread count; the packing is ignored where the plan does not read it; bad input is
/// rejected before C is touched; nothing is read or written outside A, B and C.
/// </summary>
public class GemmPackedTests
{
    // Every tile remainder of the 6×16 / 6×8 (and 512-bit 6×32 / 6×16) tiles, narrow and one-row C, the unpacked and
    // the blocked route (k past KC; m past MC), edges done as matrix–vector products.
    private static readonly (int M, int N, int K)[] Shapes =
    [
        (2, 2, 2), (1, 300, 40), (300, 1, 40), (5, 7, 3), (6, 16, 8), (7, 17, 9), (13, 33, 65), (20, 20, 4), (64, 10, 128),
        (11, 31, 70), (23, 47, 300), (70, 45, 31), (32, 256, 784), (37, 100, 260), (150, 66, 40), (200, 129, 513), (600, 40, 30),
    ];

    [Fact]
    public void Packed_products_are_bitwise_the_unpacked_ones_on_every_path()
    {
        foreach (var (m, n, k) in Shapes)
            foreach (bool ta in new[] { false, true })
                foreach (bool tb in new[] { false, true })
                {
                    Same<float>(m, n, k, ta, tb);
                    Same<double>(m, n, k, ta, tb);
                }
    }

    [Fact]
    public void Thread_count_does_not_change_a_bit()
    {
        foreach (var (m, n, k) in new[] { (130, 200, 300), (300, 33, 200), (64, 1000, 64) })
            foreach (bool tb in new[] { false, true })
            {
                var p = new GemmProblem<float>(false, tb, m, n, k, 0.75, 0.5, 11);
                var packed = Pack(p);
                float[] one = RunPacked(p, packed, 1);
                for (int threads = 2; threads <= 4; threads++)
                    Assert.Equal(one, RunPacked(p, packed, threads));
                Assert.Equal(p.RunBlas(), one);
                p.Check(one, p.ToString());
            }
    }

    [Fact]
    public void A_packing_for_another_path_is_ignored_and_the_result_is_unchanged()
    {
        var p = new GemmProblem<float>(false, true, 40, 96, 70, 1, 0, 5);
        foreach (IsaPath packedOn in Isa.SupportedPaths)
        {
            PackedMatrix<float> packed;
            using (Isa.Force(packedOn))
                packed = Pack(p);
            Assert.Equal(packedOn, packed.Path);
            foreach (IsaPath runOn in Isa.SupportedPaths)
                using (Isa.Force(runOn))
                    Assert.Equal(p.RunBlas(), RunPacked(p, packed, 1));
        }
    }

    [Fact]
    public void Repack_takes_new_values_of_b()
    {
        var p = new GemmProblem<float>(false, true, 33, 70, 50, 1, 0, 9);
        var packed = Pack(p);
        float[] before = RunPacked(p, packed, 1);
        for (int i = 0; i < p.B.Length; i++)
            if (!float.IsNaN(p.B[i])) p.B[i] *= 2;
        // Not yet repacked: the product's tiles read the packing, not B (which is why B must not change unrepacked).
        Assert.True(packed.IsUsedFor(p.M));
        Assert.Equal(before, RunPacked(p, packed, 1));
        packed.Repack(BView(p));
        float[] after = RunPacked(p, packed, 1);
        Assert.Equal(p.RunBlas(), after);
        Assert.NotEqual(before, after);
    }

    [Fact]
    public void Is_used_for_says_which_products_read_the_packing()
    {
        var b = new float[784 * 256];
        var packed = PackedMatrix<float>.Pack(new ReadOnlySpan2D<float>(b, 256, 784), Transpose.Trans);
        Assert.Equal(784, packed.Rows);
        Assert.Equal(256, packed.Columns);
        Assert.True(packed.Bytes >= 784L * 256 * sizeof(float));
        Assert.False(packed.IsUsedFor(1)); // one row of C: matrix–vector products read W as stored
        Assert.True(packed.IsUsedFor(32));
        Assert.True(packed.IsUsedFor(128));
        Assert.False(packed.IsUsedFor(0));
    }

    [Fact]
    public void Bad_input_is_rejected_before_c_is_touched()
    {
        float[] a = new float[20 * 30], b = new float[30 * 40], c = new float[20 * 40];
        c.AsSpan().Fill(7);
        void Multiply(PackedMatrix<float> packed, int cCols = 40) =>
            Gemm.Multiply(1f, new ReadOnlySpan2D<float>(a, 20, 30), new ReadOnlySpan2D<float>(b, 30, 40), packed, 0f, new Span2D<float>(c, 0, 20, cCols, 40 - cCols));
        var other = PackedMatrix<float>.Pack(new ReadOnlySpan2D<float>(new float[30 * 41], 30, 41));
        var e = Assert.Throws<ArgumentException>(() => Multiply(other));
        Assert.Equal("packedB", e.ParamName);
        Assert.Contains("30×40", e.Message, StringComparison.Ordinal);
        Assert.Contains("30×41", e.Message, StringComparison.Ordinal);
        var transposed = PackedMatrix<float>.Pack(new ReadOnlySpan2D<float>(new float[40 * 30], 40, 30), Transpose.Trans);
        e = Assert.Throws<ArgumentException>(() => Multiply(transposed));
        Assert.Equal("packedB", e.ParamName);
        Assert.Throws<ArgumentNullException>(() => Multiply(null!));
        var right = PackedMatrix<float>.Pack(new ReadOnlySpan2D<float>(b, 30, 40));
        Assert.Throws<ArgumentException>(() => Multiply(right, 39));
        Assert.Throws<ArgumentException>(() => right.Repack(new ReadOnlySpan2D<float>(b, 40, 30)));
        Assert.All(c, v => Assert.Equal(7f, v));
    }

    [Fact]
    public void Packed_products_stay_inside_a_b_and_c()
    {
        Assert.SkipUnless(GuardedBuffer<float>.IsSupported, "guard pages need Linux or macOS");
        foreach (var (m, n, k) in new[] { (7, 17, 9), (13, 33, 65), (37, 100, 260), (6, 20, 16), (80, 66, 40) })
            foreach (bool tb in new[] { false, true })
                foreach (GuardPlacement placement in Enum.GetValues<GuardPlacement>())
                {
                    var p = new GemmProblem<float>(false, tb, m, n, k, 0.5, 1, 3, padA: 1, padB: 1, padC: 1);
                    using var ga = Guarded(p.A, (m - 1) * p.Lda + k, placement);
                    using var gb = Guarded(p.B, tb ? (n - 1) * p.Ldb + k : (k - 1) * p.Ldb + n, placement);
                    using var gc = Guarded(p.C0, (m - 1) * p.Ldc + n, placement);
                    foreach (IsaPath path in Isa.SupportedPaths)
                        using (Isa.Force(path))
                        {
                            var b = ReadOnlySpan2D<float>.DangerousCreate(in gb.Span[0], tb ? n : k, tb ? k : n, p.Ldb - (tb ? k : n));
                            var packed = PackedMatrix<float>.Pack(b, p.OpB);
                            var c = Span2D<float>.DangerousCreate(ref gc.Span[0], m, n, p.Ldc - n);
                            var av = ReadOnlySpan2D<float>.DangerousCreate(in ga.Span[0], m, k, p.Lda - k);
                            Gemm.Multiply(0.5f, av, b, packed, 1f, c, Transpose.NoTrans, p.OpB, 2);
                        }
                }
    }

    [Fact]
    public void The_512_bit_kernel_reads_a_packing_bitwise_like_b_even_where_vector512_is_only_emulated()
    {
        // The runtime emulates Vector512 with the same arithmetic where the hardware lacks it, so this runs everywhere.
        Assert.SkipUnless(Isa.IsSupported(IsaPath.Vector256), "the 512-bit kernel shares the Vector256 path's packing and edges");
        int planned = 0;
        foreach (var (m, n, k, threads) in new[] { (32, 64, 32, 1), (48, 48, 40, 1), (70, 96, 300, 1), (150, 130, 300, 1), (200, 96, 520, 2), (40, 256, 784, 1) })
            foreach (bool ta in new[] { false, true })
                foreach (bool tb in new[] { false, true })
                {
                    planned += Emulated512<float>(new GemmProblem<float>(ta, tb, m, n, k, 0.7, 1.3, (ulong)(m + n)), threads);
                    planned += Emulated512<double>(new GemmProblem<double>(ta, tb, m, n, k, -2, 0, (ulong)(m + k)), threads);
                }
        Assert.True(planned > 20, $"only {planned} products took the 512-bit tiles");
    }

    private static unsafe int Emulated512<T>(GemmProblem<T> p, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] plain = p.NewC(), packed = p.NewC();
        var panel = new Kernels.MatrixMultiply.PackedPanel<T>(ref p.B[0], p.Ldb, p.TransB, p.K, p.N, IsaPath.Vector512);
        Assert.Equal(Kernels.MatrixMultiply.GemmKernel.Vector512Tile6x2, panel.Kernel);
        fixed (T* pa = p.A, pb = p.B, pc = plain, pp = packed)
        {
            var op = new Kernels.MatrixMultiply.GemmOperands<T>(p.TransA, p.TransB, p.M, p.N, p.K, p.Alpha, ref p.A[0], p.Lda, ref p.B[0], p.Ldb, p.Beta, ref plain[0], p.Ldc);
            var plan = Kernels.MatrixMultiply.GemmPlanner.Plan(op, IsaPath.Vector512, threads, Kernels.MatrixMultiply.GemmTuning.Current);
            if (plan.Kernel != panel.Kernel || plan.Transposed || plan.Route is not (GemmRoute.Blocked or GemmRoute.Unpacked))
                return 0;
            Kernels.MatrixMultiply.GemmExecutor<T>.Execute(op, plan, IsaPath.Vector512);
            var opPacked = new Kernels.MatrixMultiply.GemmOperands<T>(p.TransA, p.TransB, p.M, p.N, p.K, p.Alpha, ref p.A[0], p.Lda, ref p.B[0], p.Ldb, p.Beta, ref packed[0], p.Ldc);
            Kernels.MatrixMultiply.GemmExecutor<T>.Execute(opPacked.WithPackedB(ref panel.Data, panel.NR), plan, IsaPath.Vector512);
        }
        Assert.True(plain.AsSpan().SequenceEqual(packed), $"{p}");
        p.Check(packed, p.ToString());
        return 1;
    }

    private static void Same<T>(int m, int n, int k, bool ta, bool tb) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var p = new GemmProblem<T>(ta, tb, m, n, k, 0.75, m % 2 == 0 ? 0 : 0.5, (ulong)(m * 1000 + n * 10 + k));
        foreach (IsaPath path in Isa.SupportedPaths)
            using (Isa.Force(path))
            {
                var packed = Pack(p);
                Assert.True(p.RunBlas().AsSpan().SequenceEqual(RunPacked(p, packed, 1)), $"{p} on {path}");
            }
        var best = Pack(p); // unforced: the 512-bit kernel where Vector512 is accelerated
        T[] c = RunPacked(p, best, 1);
        Assert.True(p.RunBlas().AsSpan().SequenceEqual(c), $"{p} unforced");
        p.Check(c, p.ToString());
    }

    private static ReadOnlySpan2D<T> BView<T>(GemmProblem<T> p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = p.TransB ? p.N : p.K, cols = p.TransB ? p.K : p.N;
        return new ReadOnlySpan2D<T>(p.B, 0, rows, cols, p.Ldb - cols);
    }

    private static PackedMatrix<T> Pack<T>(GemmProblem<T> p) where T : unmanaged, IFloatingPointIeee754<T> =>
        PackedMatrix<T>.Pack(BView(p), p.OpB);

    private static T[] RunPacked<T>(GemmProblem<T> p, PackedMatrix<T> packed, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T[] c = p.NewC();
        int ra = p.TransA ? p.K : p.M, ca = p.TransA ? p.M : p.K;
        var a = new ReadOnlySpan2D<T>(p.A, 0, ra, ca, p.Lda - ca);
        var cv = new Span2D<T>(c, 0, p.M, p.N, p.Ldc - p.N);
        Gemm.Multiply(p.Alpha, a, BView(p), packed, p.Beta, cv, p.OpA, p.OpB, threads);
        return c;
    }

    private static GuardedBuffer<float> Guarded(float[] source, int extent, GuardPlacement placement)
    {
        var g = new GuardedBuffer<float>(extent, placement);
        source.AsSpan(0, extent).CopyTo(g.Span);
        return g;
    }
}
