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
        if (op.M >= 4 || op.N >= 4)
        {
            // Four chains at a time pay from four rows or columns; below that their set-up would cost a 2×2×2 product.
            Quads<TFused, TTransA, TTransB>(op);
            return;
        }
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
                T acc = Chain<TFused, TTransA, TTransB>(ref ai, ref Unsafe.Add(ref b, TTransB.Value ? j * ldb : j), k, lda, ldb);
                Store<TFused>(ref Unsafe.Add(ref ci, j), acc, alpha, beta, kind);
            }
        }
    }

    // The same chains, four columns (or, for a C narrower than that, four rows) at a time.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Quads<TFused, TTransA, TTransB>(in GemmOperands<T> op)
        where TFused : struct, IFlag where TTransA : struct, IFlag where TTransB : struct, IFlag
    {
        // Everything in locals: stores into C could alias the operands struct as far as the JIT knows, and it would
        // reload every field after each one. C's columns are adjacent: this route runs before any plan transposes C.
        ref T a = ref op.A, b = ref op.B, c = ref op.C;
        nint lda = op.Lda, ldb = op.Ldb, ldc = op.Ldc;
        int m = op.M, n = op.N, k = op.K;
        T alpha = op.Alpha, beta = op.Beta;
        TileStore.BetaKind kind = TileStore.Classify(beta);
        nint step = TTransB.Value ? ldb : 1; // from one column of op(B) to the next
        int i = 0;
        if (n < 4)
        {
            // Too narrow for four columns at a time: four rows at a time, for the same reason.
            nint aStep = TTransA.Value ? 1 : lda;
            for (; i + 4 <= m; i += 4)
            {
                ref T a0 = ref Unsafe.Add(ref a, TTransA.Value ? i : i * lda);
                ref T ci = ref Unsafe.Add(ref c, i * ldc);
                for (int j = 0; j < n; j++)
                {
                    ref T bj = ref Unsafe.Add(ref b, TTransB.Value ? j * ldb : j);
                    T acc0 = T.Zero, acc1 = T.Zero, acc2 = T.Zero, acc3 = T.Zero;
                    for (int p = 0; p < k; p++)
                    {
                        T bpj = Unsafe.Add(ref bj, TTransB.Value ? p : p * ldb);
                        ref T ap = ref Unsafe.Add(ref a0, TTransA.Value ? p * lda : p);
                        acc0 = MultiplyAdd<TFused>(ap, bpj, acc0);
                        acc1 = MultiplyAdd<TFused>(Unsafe.Add(ref ap, aStep), bpj, acc1);
                        acc2 = MultiplyAdd<TFused>(Unsafe.Add(ref ap, 2 * aStep), bpj, acc2);
                        acc3 = MultiplyAdd<TFused>(Unsafe.Add(ref ap, 3 * aStep), bpj, acc3);
                    }
                    ref T cij = ref Unsafe.Add(ref ci, j);
                    Store<TFused>(ref cij, acc0, alpha, beta, kind);
                    Store<TFused>(ref Unsafe.Add(ref cij, ldc), acc1, alpha, beta, kind);
                    Store<TFused>(ref Unsafe.Add(ref cij, 2 * ldc), acc2, alpha, beta, kind);
                    Store<TFused>(ref Unsafe.Add(ref cij, 3 * ldc), acc3, alpha, beta, kind);
                }
            }
        }
        for (; i < m; i++)
        {
            ref T ai = ref Unsafe.Add(ref a, TTransA.Value ? i : i * lda);
            ref T ci = ref Unsafe.Add(ref c, i * ldc);
            int j = 0;
            // Four elements at a time: four independent chains hide the multiply-add latency one chain waits on.
            for (; j + 4 <= n; j += 4)
            {
                ref T b0 = ref Unsafe.Add(ref b, TTransB.Value ? j * ldb : j);
                T acc0 = T.Zero, acc1 = T.Zero, acc2 = T.Zero, acc3 = T.Zero;
                for (int p = 0; p < k; p++)
                {
                    T aip = Unsafe.Add(ref ai, TTransA.Value ? p * lda : p);
                    ref T bp = ref Unsafe.Add(ref b0, TTransB.Value ? p : p * ldb);
                    acc0 = MultiplyAdd<TFused>(aip, bp, acc0);
                    acc1 = MultiplyAdd<TFused>(aip, Unsafe.Add(ref bp, step), acc1);
                    acc2 = MultiplyAdd<TFused>(aip, Unsafe.Add(ref bp, 2 * step), acc2);
                    acc3 = MultiplyAdd<TFused>(aip, Unsafe.Add(ref bp, 3 * step), acc3);
                }
                ref T cij = ref Unsafe.Add(ref ci, j);
                Store<TFused>(ref cij, acc0, alpha, beta, kind);
                Store<TFused>(ref Unsafe.Add(ref cij, 1), acc1, alpha, beta, kind);
                Store<TFused>(ref Unsafe.Add(ref cij, 2), acc2, alpha, beta, kind);
                Store<TFused>(ref Unsafe.Add(ref cij, 3), acc3, alpha, beta, kind);
            }
            for (; j < n; j++)
            {
                T acc = Chain<TFused, TTransA, TTransB>(ref ai, ref Unsafe.Add(ref b, TTransB.Value ? j * ldb : j), k, lda, ldb);
                Store<TFused>(ref Unsafe.Add(ref ci, j), acc, alpha, beta, kind);
            }
        }
    }

    // One element of C: its chain of multiply-adds along k from zero, row ai of op(A) times column bj of op(B).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Chain<TFused, TTransA, TTransB>(ref T ai, ref T bj, int k, nint lda, nint ldb)
        where TFused : struct, IFlag where TTransA : struct, IFlag where TTransB : struct, IFlag
    {
        T acc = T.Zero;
        for (int p = 0; p < k; p++)
            acc = MultiplyAdd<TFused>(Unsafe.Add(ref ai, TTransA.Value ? p * lda : p), Unsafe.Add(ref bj, TTransB.Value ? p : p * ldb), acc);
        return acc;
    }

    // α·acc + β·c as the tile kernels' epilogue rounds it; β = 0 never reads c.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TFused>(ref T c, T acc, T alpha, T beta, TileStore.BetaKind kind) where TFused : struct, IFlag =>
        c = kind switch
        {
            TileStore.BetaKind.Zero => alpha * acc,
            TileStore.BetaKind.One => MultiplyAdd<TFused>(alpha, acc, c),
            _ => MultiplyAdd<TFused>(alpha, acc, beta * c),
        };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T MultiplyAdd<TFused>(T a, T b, T c) where TFused : struct, IFlag =>
        TFused.Value ? T.FusedMultiplyAdd(a, b, c) : a * b + c;
}
