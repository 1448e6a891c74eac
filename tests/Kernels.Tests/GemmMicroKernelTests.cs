using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Xunit;
using Kernels.MatrixMultiply;
using Kernels.Simd;

namespace Kernels.Tests;

/// <summary>
/// Every micro-kernel, driven directly through the five-loop driver with every packing plan, on every tile remainder:
/// each m in 1..MR and n in 1..NR, m and n past and at multiples of the tile, k at, below and above the KC block.
/// Kernels run wherever their vectors are accelerated (the 8×3 AdvSimd-shaped kernel also runs on x64 SSE), so each CI
/// configuration covers all it can.
/// </summary>
public class GemmMicroKernelTests
{
    public static TheoryData<string> KernelNames => ["6x2 Vector512", "6x2 Vector256", "6x2 Vector128", "8x3 Vector128", "6x2 VectorT", "4x4 Scalar"];

    [Theory, MemberData(nameof(KernelNames))]
    public void Float_kernel_matches_oracle_on_every_tile_remainder(string kernel) => Run<float>(kernel);

    [Theory, MemberData(nameof(KernelNames))]
    public void Double_kernel_matches_oracle_on_every_tile_remainder(string kernel) => Run<double>(kernel);

    private static void Run<T>(string kernel) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (kernel)
        {
            case "6x2 Vector512":
                // Where the runtime does not accelerate Vector512 it emulates it: slowly, but with the same arithmetic.
                TestContext.Current.SendDiagnosticMessage($"Vector512 accelerated: {Vector512.IsHardwareAccelerated}");
                Sweep<T, VectorMicroKernel6x2<T, Vector512<T>, Vector512Ops<T>, NoMaskedMoves<Vector512<T>, T>>>(GemmKernel.Vector512Tile6x2, useAvx: false);
                break;
            case "6x2 Vector256":
                Assert.SkipUnless(Vector256.IsHardwareAccelerated && Fma.IsSupported, "Vector256 with FMA is not available here");
                Sweep<T, VectorMicroKernel6x2<T, Vector256<T>, Vector256Ops<T>, AvxMaskedMoves<T>>>(GemmKernel.Vector256Tile6x2, useAvx: true);
                break;
            case "6x2 Vector128":
                Assert.SkipUnless(Vector128.IsHardwareAccelerated, "Vector128 is not accelerated here");
                Sweep<T, VectorMicroKernel6x2<T, Vector128<T>, Vector128Ops<T>, NoMaskedMoves<Vector128<T>, T>>>(GemmKernel.Vector128Tile6x2, useAvx: false);
                break;
            case "8x3 Vector128":
                Assert.SkipUnless(Vector128.IsHardwareAccelerated, "Vector128 is not accelerated here");
                Sweep<T, AdvSimdMicroKernel8x3<T>>(GemmKernel.AdvSimdTile8x3, useAvx: false);
                break;
            case "6x2 VectorT":
                Assert.SkipUnless(Vector.IsHardwareAccelerated, "Vector<T> is not accelerated here");
                Sweep<T, VectorMicroKernel6x2<T, Vector<T>, VectorTOps<T>, NoMaskedMoves<Vector<T>, T>>>(GemmKernel.VectorTTile6x2, useAvx: false);
                break;
            default:
                Sweep<T, ScalarMicroKernel4x4<T>>(GemmKernel.ScalarTile4x4, useAvx: false);
                break;
        }
    }

    private static IEnumerable<(int M, int N)> TileShapes(int mr, int nr)
    {
        for (int m = 1; m <= mr; m++) yield return (m, nr);
        for (int n = 1; n < nr; n++) yield return (mr, n);
        yield return (1, 1);
        yield return (mr + 1, nr + 1);
        yield return (2 * mr, 2 * nr);
        yield return (2 * mr + 1, 3 * nr - 1);
    }

    private static void Sweep<T, TKernel>(GemmKernel kernel, bool useAvx) where T : unmanaged, IFloatingPointIeee754<T> where TKernel : struct, IMicroKernel<T>
    {
        GemmBlocking blocking = GemmTuning.Current.Blocking(kernel, System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
        int kc = blocking.KC;
        int[] depths = [1, 2, 3, 17];
        double[] alphas = [1, 0.7, -2];
        double[] betas = [0, 1, 1.3];
        int index = 0;
        foreach (var (m, n) in TileShapes(TKernel.MR, TKernel.NR))
            foreach (int k in depths)
                foreach (bool ta in new[] { false, true })
                    foreach (bool tb in new[] { false, true })
                    {
                        index++;
                        var p = new GemmProblem<T>(ta, tb, m, n, k, alphas[index % 3], betas[index / 3 % 3], (ulong)index);
                        RunAllPlans<T, TKernel>(p, kernel, blocking, useAvx);
                    }
        // k around the KC block (one block, exactly one, one past, several) on a few shapes only: the oracle is O(mnk).
        foreach (int k in new[] { kc - 1, kc, kc + 1, 2 * kc + 3 })
            foreach (var (m, n) in new[] { (TKernel.MR, TKernel.NR), (TKernel.MR + 1, TKernel.NR - 1) })
            {
                index++;
                RunAllPlans<T, TKernel>(new GemmProblem<T>(index % 2 == 0, index % 3 == 0, m, n, k, 0.7, index % 2 == 0 ? 0 : 1.3, (ulong)index), kernel, blocking, useAvx);
            }
    }

    // The dispatcher pins A, B and C before the driver runs (the AVX kernel's masked loads and stores take pointers);
    // do the same.
    // The unpacked route (UnpackedDriver: nothing packed but edge slivers, k in one block) with no edge columns, so every
    // column stays on the tile kernel under test; the blocked route with the plan given.
    private static unsafe void RunPinned<T, TKernel>(in GemmOperands<T> op, GemmPlan plan, bool useAvx)
        where T : unmanaged, IFloatingPointIeee754<T> where TKernel : struct, IMicroKernel<T>
    {
        fixed (T* pa = &op.A, pb = &op.B, pc = &op.C)
        {
            if (plan.Route == GemmRoute.Blocked)
                BlockedDriver<T, TKernel>.Run(op, plan);
            else
                UnpackedDriver<T, TKernel>.Run(op, 0, useAvx, IsaPath.Scalar);
        }
    }

    private static void RunAllPlans<T, TKernel>(GemmProblem<T> p, GemmKernel kernel, GemmBlocking blocking, bool useAvx)
        where T : unmanaged, IFloatingPointIeee754<T> where TKernel : struct, IMicroKernel<T>
    {
        // Unpacked (nothing packed, nothing blocked), blocked with B read in place, B packed, and A and B packed (A as
        // stored, transposed or not).
        GemmPlan Blocked(bool packA, bool packB) => new(GemmRoute.Blocked, kernel, false, 0, packA, packB, useAvx, blocking, 1, false, 0);
        var plans = new List<GemmPlan>
        {
            new(GemmRoute.Unpacked, kernel, false, 0, false, false, useAvx, blocking, 1, false, 0),
            Blocked(packA: false, packB: false),
            Blocked(packA: false, packB: true),
            Blocked(packA: true, packB: true),
        };
        foreach (var plan in plans)
        {
            T[] c = p.NewC();
            var op = new GemmOperands<T>(p.TransA, p.TransB, p.M, p.N, p.K, p.Alpha, ref p.A[0], p.Lda, ref p.B[0], p.Ldb, p.Beta, ref c[0], p.Ldc);
            RunPinned<T, TKernel>(op, plan, useAvx);
            p.Check(c, $"{typeof(TKernel).Name} plan {plan}");

            // The same problem computed as Cᵀ = op(B)ᵀ·op(A)ᵀ, every tile stored through the transposed-C path.
            T[] ct = p.NewC();
            var opT = new GemmOperands<T>(p.TransA, p.TransB, p.M, p.N, p.K, p.Alpha, ref p.A[0], p.Lda, ref p.B[0], p.Ldb, p.Beta, ref ct[0], p.Ldc);
            RunPinned<T, TKernel>(opT.Transposed(), plan, useAvx);
            p.Check(ct, $"{typeof(TKernel).Name} transposed C, plan {plan}");
        }
    }
}
