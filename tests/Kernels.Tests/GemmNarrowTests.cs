using System;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Kernels.Testing;
using Xunit;
using Kernels.Simd;
using Kernels.MatrixMultiply;

namespace Kernels.Tests;

/// <summary>
/// The narrow-C path (dot products, 4×3 tiles): the kernel itself for every vector width on every tile remainder and
/// k tail, and the public entry points routing the shapes it is meant for to it on every path.
/// </summary>
public class GemmNarrowTests
{
    public static TheoryData<string> Widths => ["Vector256", "Vector128", "VectorT"];

    [Theory, MemberData(nameof(Widths))]
    public void Float_narrow_kernel_matches_oracle_on_every_remainder_and_k_tail(string width) => Run<float>(width);

    [Theory, MemberData(nameof(Widths))]
    public void Double_narrow_kernel_matches_oracle_on_every_remainder_and_k_tail(string width) => Run<double>(width);

    private static void Run<T>(string width) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (width)
        {
            case "Vector256":
                Assert.SkipUnless(Vector256.IsHardwareAccelerated && Fma.IsSupported, "Vector256 with FMA is not available here");
                Sweep<T, Vector256<T>, Vector256Ops<T>, AvxMaskedMoves<T>>(useAvx: true);
                break;
            case "Vector128":
                Assert.SkipUnless(Vector128.IsHardwareAccelerated, "Vector128 is not accelerated here");
                Sweep<T, Vector128<T>, Vector128Ops<T>, NoMaskedMoves<Vector128<T>, T>>(useAvx: false);
                break;
            default:
                Assert.SkipUnless(Vector.IsHardwareAccelerated, "Vector<T> is not accelerated here");
                Sweep<T, Vector<T>, VectorTOps<T>, NoMaskedMoves<Vector<T>, T>>(useAvx: false);
                break;
        }
    }

    // Rows 1..9 (every remainder of the 4-row tile, alone and after whole tiles), columns 1..12 (every split into 3-,
    // 2- and 1-column tiles), and k from 0 to two vectors + 1 (every tail, masked or scalar), rotated over the shapes
    // so that each (rows, columns) pair meets several tails; then a few deep ones. Every transpose combination the path
    // takes (op(A) not transposed; op(B) packed or read in place), and the same problem as Cᵀ with C's strides swapped.
    private static void Sweep<T, TV, TOps, TMask>(bool useAvx)
        where T : unmanaged, IFloatingPointIeee754<T> where TV : struct where TOps : struct, IVectorOps<TV, T> where TMask : struct, IMaskedMoves<TV, T>
    {
        int w = TOps.Count;
        double[] alphas = [1, 0.7, -2];
        double[] betas = [0, 1, 1.3];
        int index = 0;
        for (int m = 1; m <= 9; m++)
            for (int n = 1; n <= 12; n++)
                for (int t = 0; t < 3; t++)
                {
                    index++;
                    int k = (index * 5 + t * 7) % (2 * w + 2);
                    var p = new GemmProblem<T>(false, index % 2 == 0, m, n, k, alphas[index % 3], betas[index / 3 % 3], (ulong)index);
                    Check<T, TV, TOps, TMask>(p, useAvx);
                }
        foreach (var (m, n, k) in new[] { (37, 10, 128), (13, 7, 257), (4, 12, 784), (11, 3, 3 * w - 1) })
            foreach (bool tb in new[] { false, true })
            {
                index++;
                Check<T, TV, TOps, TMask>(new GemmProblem<T>(false, tb, m, n, k, 0.7, betas[index % 3], (ulong)index), useAvx);
            }
    }

    private static unsafe void Check<T, TV, TOps, TMask>(GemmProblem<T> p, bool useAvx)
        where T : unmanaged, IFloatingPointIeee754<T> where TV : struct where TOps : struct, IVectorOps<TV, T> where TMask : struct, IMaskedMoves<TV, T>
    {
        // Pinned, as the dispatcher does: masked loads take pointers.
        T[] c = p.NewC();
        fixed (T* pa = p.A, pb = p.B, pc = c)
            DotProductGemm<T, TV, TOps, TMask>.Run(new GemmOperands<T>(false, p.TransB, p.M, p.N, p.K, p.Alpha, ref MemoryMarshal.GetArrayDataReference(p.A), p.Lda, ref MemoryMarshal.GetArrayDataReference(p.B), p.Ldb, p.Beta, ref c[0], p.Ldc), useAvx, 1);
        p.Check(c, $"narrow {typeof(TV).Name}");

        // The few-rows case: C = op(A)·Bᵀ computed as Cᵀ = B·op(A)ᵀ, narrow because B's rows are contiguous in k; C is
        // then written with its strides swapped, and op(A)ᵀ is packed or read in place as A is stored.
        var q = new GemmProblem<T>(p.TransB, true, p.N, p.M, p.K, double.CreateChecked(p.Alpha), double.CreateChecked(p.Beta), 7);
        T[] ct = q.NewC();
        fixed (T* pa = q.A, pb = q.B, pc = ct)
        {
            var op = new GemmOperands<T>(q.TransA, true, q.M, q.N, q.K, q.Alpha, ref MemoryMarshal.GetArrayDataReference(q.A), q.Lda, ref MemoryMarshal.GetArrayDataReference(q.B), q.Ldb, q.Beta, ref ct[0], q.Ldc);
            DotProductGemm<T, TV, TOps, TMask>.Run(op.Transposed(), useAvx, 1);
        }
        q.Check(ct, $"narrow {typeof(TV).Name}, transposed C");
    }

    [Fact]
    public void Narrow_shapes_take_the_narrow_path_and_match_the_oracle_on_every_path()
    {
        // Shapes the rule sends down the narrow path on x64's Vector256 (NR = 16 floats, 8 doubles), among them the
        // classifier layer in both layouts (X·W and X·Wᵀ) and its few-rows transpose; on the other paths they take
        // whichever route the rule picks there. Each checked against the oracle on every path.
        var shapes = new (bool Ta, bool Tb, int M, int N, int K)[]
        {
            (false, false, 64, 10, 128), (false, true, 64, 10, 128), (true, true, 10, 64, 128), (false, true, 10, 64, 101),
            (false, false, 37, 3, 45), (false, true, 5, 12, 103), (false, false, 129, 7, 300), (false, true, 2, 2, 17),
        };
        int index = 0;
        foreach (var (ta, tb, m, n, k) in shapes)
        {
            index++;
            Assert.True(GemmPlanner.DotProductsPay(ta, m, n, k, new TileShape(6, 16, 8), !tb) || GemmPlanner.DotProductsPay(!tb, n, m, k, new TileShape(6, 16, 8), ta),
                $"{m}×{n}×{k} should take the narrow path");
            foreach (IsaPath path in Isa.SupportedPaths)
                using (Isa.Force(path))
                {
                    var pf = new GemmProblem<float>(ta, tb, m, n, k, index % 2 == 0 ? 0.7 : 1, index % 3 == 0 ? 0 : 1.3, (ulong)index);
                    pf.Check(pf.RunBlas(), $"path {path}");
                    var pd = new GemmProblem<double>(ta, tb, m, n, k, -2, index % 3 == 1 ? 0 : 1, (ulong)index + 50);
                    pd.Check(pd.RunBlas(), $"path {path}");
                }
        }
    }

    [Fact]
    public void The_rule_keeps_full_tiles_shallow_and_wide_problems_on_the_tile_kernel()
    {
        Assert.False(GemmPlanner.DotProductsPay(false, 64, 8, 4096, new TileShape(6, 8, 4), true));   // n = NR fills the tile
        Assert.False(GemmPlanner.DotProductsPay(false, 64, 10, 32, new TileShape(6, 16, 8), false));   // too shallow for the reduction to pay
        Assert.False(GemmPlanner.DotProductsPay(true, 64, 10, 128, new TileShape(6, 16, 8), false));   // op(A) transposed: rows not contiguous
        Assert.False(GemmPlanner.DotProductsPay(false, 64, 13, 4096, new TileShape(6, 16, 8), false)); // wider than NarrowColumns
        Assert.True(GemmPlanner.DotProductsPay(false, 64, 10, 128, new TileShape(6, 16, 8), true));
        Assert.True(GemmPlanner.DotProductsPay(false, 20, 4, 20, new TileShape(6, 16, 8), false));     // B's rows read in place…
        Assert.False(GemmPlanner.DotProductsPay(false, 20, 4, 20, new TileShape(6, 16, 8), true));     // …or first copied
        Assert.True(GemmPlanner.DotProductsPay(false, 4096, 10, 4096, new TileShape(6, 16, 8), true)); // whatever the size (split over threads by rows)
    }
}
