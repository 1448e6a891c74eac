using System;
using System.Runtime.InteropServices;
using Kernels.Testing;
using Xunit;

namespace Kernels.Tests;

/// <summary>GEMM with A, B and C each flush against an inaccessible page: any read or write outside them kills the run.</summary>
public class GemmGuardPageTests
{
    [Fact]
    public void Gemm_stays_inside_a_b_and_c_on_every_path()
    {
        Assert.SkipUnless(GuardedBuffer<float>.IsSupported, "guard pages need Linux or macOS");
        var shapes = new[] { (1, 1, 1), (1, 37, 19), (23, 1, 19), (5, 7, 3), (6, 16, 8), (7, 17, 9), (13, 33, 65), (70, 45, 31), (150, 20, 260), (9, 70, 1), (37, 10, 101), (10, 37, 101), (5, 3, 45), // the narrow-C path (directly, and as Cᵀ)
            (3, 2, 4), (8, 2, 4), (4, 4, 4), (4, 8, 2), (16, 2, 2), (5, 3, 4), (13, 8, 9), (9, 12, 5), (20, 24, 300), // tiny (one chain, or four at a time); last slivers one vector wide (float 8, double 4) read in place, small and blocked
            (12, 12, 12), (6, 20, 16), (16, 13, 7), (17, 18, 20), (80, 66, 40), // partial slivers read in place under an AVX mask; one or two columns as matrix–vector products (small and blocked)
            (1, 10, 13), (1, 29, 7), (1, 8, 5), (14, 1, 9), (1, 3, 6), // matrix–vector products of one to four vectors, the last overlapping (with A transposed, n = 1 too)
            (70, 99, 33), (67, 36, 300), (7, 48, 9), (13, 33, 20), (40, 64, 5) }; // 512-bit slivers cut by the edge, blocked and small routes (unforced, where Vector512 is accelerated)
        foreach (var (m, n, k) in shapes)
            foreach (bool ta in new[] { false, true })
                foreach (bool tb in new[] { false, true })
                    foreach (GuardPlacement placement in Enum.GetValues<GuardPlacement>())
                    {
                        Run<float>(m, n, k, ta, tb, placement);
                        Run<double>(m, n, k, ta, tb, placement);
                    }
    }

    private static void Run<T>(int m, int n, int k, bool ta, bool tb, GuardPlacement placement) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        // Leading dimensions one past the row; the last row ends exactly at the buffer's end (or the first starts at its start).
        var p = new GemmProblem<T>(ta, tb, m, n, k, 0.5, 1, 3, padA: 1, padB: 1, padC: 1);
        using var ga = Copy(p.A, Extent(ta ? k : m, ta ? m : k, p.Lda), placement);
        using var gb = Copy(p.B, Extent(tb ? n : k, tb ? k : n, p.Ldb), placement);
        using var gc = Copy(p.C0, Extent(m, n, p.Ldc), placement);
        foreach (IsaPath path in Isa.SupportedPaths)
            using (Isa.Force(path))
                Multiply<T>(p, m, n, k, ga, gb, gc);
        Multiply<T>(p, m, n, k, ga, gb, gc); // unforced: the 512-bit micro-kernel where Vector512 is accelerated
    }

    private static void Multiply<T>(GemmProblem<T> p, int m, int n, int k, GuardedBuffer<T> ga, GuardedBuffer<T> gb, GuardedBuffer<T> gc)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
            Blas.Sgemm(p.OpA, p.OpB, m, n, k, 0.5f, Cast<float, T>(ga.Span), p.Lda, Cast<float, T>(gb.Span), p.Ldb, 1f, Cast<float, T>(gc.Span), p.Ldc, 2);
        else
            Blas.Dgemm(p.OpA, p.OpB, m, n, k, 0.5, Cast<double, T>(ga.Span), p.Lda, Cast<double, T>(gb.Span), p.Ldb, 1, Cast<double, T>(gc.Span), p.Ldc, 2);
    }

    private static int Extent(int rows, int cols, int ld) => (rows - 1) * ld + cols;

    private static Span<TTo> Cast<TTo, TFrom>(Span<TFrom> s) where TTo : struct where TFrom : struct => MemoryMarshal.Cast<TFrom, TTo>(s);

    private static GuardedBuffer<T> Copy<T>(T[] source, int extent, GuardPlacement placement) where T : unmanaged
    {
        var g = new GuardedBuffer<T>(extent, placement);
        source.AsSpan(0, extent).CopyTo(g.Span);
        return g;
    }
}
