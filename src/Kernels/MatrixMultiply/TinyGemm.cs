using System.Numerics;
using System.Runtime.CompilerServices;
using Kernels.Simd;

namespace Kernels.MatrixMultiply;

/// <summary>
/// Products too small for any set-up to pay (<see cref="GemmPlanner.IsTiny"/>: 2×2×2, 3×3×3, 2×4×4, and up to 64
/// multiply-adds where C is narrower than a vector or B transposed; one row or one column of C goes to the matrix–vector
/// kernels first, which are faster there): a plain loop, each element of C one chain of multiply-adds along k from zero,
/// then α and β as the tile kernels apply them. No path dispatch, tiles or packing: their set-up costs several times such
/// a product's own work.
/// </summary>
/// <remarks>
/// The chain is the one every micro-kernel lane runs, fused exactly when the kernel of the caller's ISA path fuses (the
/// vector kernels on a CPU with FMA; never the scalar one), so a tiny product rounds bit for bit as that path's tile
/// kernel rounds it.
/// </remarks>
internal static class TinyGemm<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Whether the planner sends this product here.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Applies(int m, int n, int k, bool transB) => GemmPlanner.IsTiny<T>(m, n, k, transB);

    /// <summary>Computes <paramref name="op"/> with the multiply-adds of <paramref name="path"/>'s tile kernel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in GemmOperands<T> op, IsaPath path)
    {
        if (path != IsaPath.Scalar && Isa.HasFusedMultiplyAdd && (typeof(T) == typeof(float) || typeof(T) == typeof(double)))
            Layout<Flag.Yes>(op);
        else
            Layout<Flag.No>(op);
    }

    // One loop per layout, its strides constants: with every stride a variable the loop kept more values live than there
    // are registers, and a 2×2×2 product spent as long saving and reloading them as multiplying.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Layout<TFused>(in GemmOperands<T> op) where TFused : struct, IFlag
    {
        if (op.TransA)
        {
            if (op.TransB) Run<TFused, Flag.Yes, Flag.Yes>(op);
            else Run<TFused, Flag.Yes, Flag.No>(op);
        }
        else
        {
            if (op.TransB) Run<TFused, Flag.No, Flag.Yes>(op);
            else Run<TFused, Flag.No, Flag.No>(op);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Run<TFused, TTransA, TTransB>(in GemmOperands<T> op)
        where TFused : struct, IFlag where TTransA : struct, IFlag where TTransB : struct, IFlag
    {
        // Everything in locals: stores into C could alias the operands struct as far as the JIT knows, and it would
        // reload every field after each one. C's columns are adjacent: this route runs before any plan transposes C.
        ref T a = ref op.A, b = ref op.B, c = ref op.C;
        nint lda = op.Lda, ldb = op.Ldb, ldc = op.Ldc;
        int m = op.M, n = op.N, k = op.K;
        T alpha = op.Alpha, beta = op.Beta;
        TileStore.BetaKind kind = TileStore.Classify(beta);
        for (int i = 0; i < m; i++)
        {
            ref T ai = ref Unsafe.Add(ref a, TTransA.Value ? i : i * lda);
            ref T ci = ref Unsafe.Add(ref c, i * ldc);
            for (int j = 0; j < n; j++)
            {
                ref T bj = ref Unsafe.Add(ref b, TTransB.Value ? j * ldb : j);
                T acc = T.Zero;
                for (int p = 0; p < k; p++)
                    acc = MultiplyAdd<TFused>(Unsafe.Add(ref ai, TTransA.Value ? p * lda : p), Unsafe.Add(ref bj, TTransB.Value ? p : p * ldb), acc);
                ref T cij = ref Unsafe.Add(ref ci, j);
                cij = kind switch
                {
                    TileStore.BetaKind.Zero => alpha * acc,
                    TileStore.BetaKind.One => MultiplyAdd<TFused>(alpha, acc, cij),
                    _ => MultiplyAdd<TFused>(alpha, acc, beta * cij),
                };
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T MultiplyAdd<TFused>(T a, T b, T c) where TFused : struct, IFlag =>
        TFused.Value ? T.FusedMultiplyAdd(a, b, c) : a * b + c;
}
