using System;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using Kernels.Testing;
using Xunit;
using Kernels.MatrixMultiply;
using Kernels.Simd;

namespace Kernels.Tests;

/// <summary>
/// The plain loop for the tiniest products (<see cref="TinyGemm{T}"/>): its rule, every shape it takes on every path
/// against the oracle, and bit-for-bit agreement with the tile kernel each path would otherwise run.
/// </summary>
public class GemmTinyTests
{
    [Fact]
    public void The_rule_takes_32_multiply_adds_or_64_where_tiles_would_waste_or_pack_b()
    {
        Assert.True(TinyGemm<float>.Applies(2, 2, 8, false));
        Assert.True(TinyGemm<float>.Applies(3, 3, 3, false));
        Assert.True(TinyGemm<float>.Applies(1, 1, 16, false));
        Assert.True(TinyGemm<float>.Applies(32, 1, 1, false));
        Assert.False(TinyGemm<float>.Applies(1, 1, 17, false));
        Assert.True(TinyGemm<float>.Applies(4, 4, 4, false));    // rows of 16 bytes: half a vector
        Assert.True(TinyGemm<float>.Applies(8, 2, 4, false));
        Assert.False(TinyGemm<float>.Applies(4, 8, 2, false));   // rows of one whole vector, read in place
        Assert.True(TinyGemm<float>.Applies(4, 8, 2, true));     // … unless B is transposed and must be packed
        Assert.False(TinyGemm<float>.Applies(2, 16, 2, true));   // two vectors
        Assert.False(TinyGemm<double>.Applies(4, 4, 4, false));  // 32 bytes of double
        Assert.True(TinyGemm<double>.Applies(8, 2, 4, false));
        Assert.False(TinyGemm<float>.Applies(2, 2, 9, false));   // 36 multiply-adds, deeper than 8
        Assert.False(TinyGemm<float>.Applies(4, 4, 5, false));   // 80
        Assert.False(TinyGemm<float>.Applies(int.MaxValue, 1, 1, false));
        Assert.False(TinyGemm<float>.Applies(65536, 65536, 1, false)); // m·n would wrap to 0 in int: rejected before the product is formed
    }

    [Fact]
    public void Float_tiny_products_match_the_oracle_on_every_path() => EveryTinyShape<float>(Check);

    [Fact]
    public void Double_tiny_products_match_the_oracle_on_every_path() => EveryTinyShape<double>(Check);

    [Fact]
    public void Float_tiny_products_round_as_each_paths_tile_kernel() => EveryTinyShape<float>(SameBitsAsTileKernel);

    [Fact]
    public void Double_tiny_products_round_as_each_paths_tile_kernel() => EveryTinyShape<double>(SameBitsAsTileKernel);

    // Every m, n ≤ 8 and k ≤ 17 up to twice the rule's work, so every shape it takes and those just past it, every transpose, α and β (β = 0 with NaN in C).
    private static void EveryTinyShape<T>(Action<GemmProblem<T>> check) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double[] alphas = [1, 0.7, -2];
        double[] betas = [0, 1, 1.3];
        int index = 0;
        for (int m = 1; m <= 8; m++)
            for (int n = 1; n <= 8; n++)
                for (int k = 1; k <= 17; k++)
                {
                    if (m * n * k > 2 * GemmTuning.TinyNarrowMaxWork)
                        continue;
                    index++;
                    check(new GemmProblem<T>(index % 2 == 1, index % 4 >= 2, m, n, k, alphas[index % 3], betas[index / 3 % 3], (ulong)index));
                }
        Assert.True(index > 100);
    }

    private static void Check<T>(GemmProblem<T> p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (IsaPath path in Isa.SupportedPaths)
            using (Isa.Force(path))
                p.Check(p.RunBlas(), $"path {path}");
    }

    private static void SameBitsAsTileKernel<T>(GemmProblem<T> p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!TinyGemm<T>.Applies(p.M, p.N, p.K, p.TransB))
            return;
        foreach (IsaPath path in Isa.SupportedPaths)
        {
            T[] tiny = p.NewC(), tile = p.NewC();
            TinyGemm<T>.Run(Operands(p, tiny), path);
            RunTileKernelOf<T>(path, p, tile);
            Compare.Exact<T>(p.Dense(tile), p.Dense(tiny)).ThrowIfFailed($"path {path}: {p}");
        }
    }

    private static GemmOperands<T> Operands<T>(GemmProblem<T> p, T[] c) where T : unmanaged, IFloatingPointIeee754<T> =>
        new(p.TransA, p.TransB, p.M, p.N, p.K, p.Alpha, ref p.A[0], p.Lda, ref p.B[0], p.Ldb, p.Beta, ref c[0], p.Ldc);

    // The tile kernel GemmExecutor runs on each path (its switch), through the small-problem driver, A, B and C pinned as
    // there (the AVX kernel's masked loads and stores take pointers).
    private static unsafe void RunTileKernelOf<T>(IsaPath path, GemmProblem<T> p, T[] c) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var op = Operands(p, c);
        fixed (T* pa = p.A, pb = p.B, pc = c)
        {
            if (path >= IsaPath.Vector256 && Vector256.IsHardwareAccelerated && Fma.IsSupported)
                UnpackedDriver<T, VectorMicroKernel6x2<T, Vector256<T>, Vector256Ops<T>, AvxMaskedMoves<T>>>.Run(op, 0, useAvx: true, path);
            else if (path is IsaPath.Vector256 or IsaPath.Vector128 && AdvSimd.IsSupported)
                UnpackedDriver<T, AdvSimdMicroKernel8x3<T>>.Run(op, 0, useAvx: false, path);
            else if (path is IsaPath.Vector256 or IsaPath.Vector128 && Vector128.IsHardwareAccelerated)
                UnpackedDriver<T, VectorMicroKernel6x2<T, Vector128<T>, Vector128Ops<T>, NoMaskedMoves<Vector128<T>, T>>>.Run(op, 0, useAvx: false, path);
            else if (path == IsaPath.VectorT && Vector.IsHardwareAccelerated)
                UnpackedDriver<T, VectorMicroKernel6x2<T, Vector<T>, VectorTOps<T>, NoMaskedMoves<Vector<T>, T>>>.Run(op, 0, useAvx: false, path);
            else
                UnpackedDriver<T, ScalarMicroKernel4x4<T>>.Run(op, 0, useAvx: false, path);
        }
    }
}
