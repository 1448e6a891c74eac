using System.Numerics;
using System.Runtime.CompilerServices;
using Kernels.Matrices;
using Kernels.Vectors;

namespace Kernels.MatrixMultiply;

/// <summary>
/// GEMM with k = 1 — C = α·a·bᵀ + β·C, an outer product (the weight gradient of a batch of one) — as one streaming
/// pass per row of C: c_i = (α·a_i)·b + c_i (β = 1, <see cref="RankOneRows"/>) or (α·a_i)·b (β = 0, C not read). Through the micro-kernel each
/// tile would load and store C around a single multiply-add; here the row loop moves C once, at memory speed.
/// </summary>
/// <remarks>
/// Every element is within γ_3·(|α·a_i·b_j| + |β·c_ij|) of the exact value, the GEMM bound for k = 1; the result
/// does not depend on the thread count (this path never splits the work).
/// </remarks>
internal static class RankOneGemm<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Rows shorter than this go through the micro-kernel: the per-row loop set-up would not pay.</summary>
    internal const int MinColumns = 64;

    /// <summary>Whether <paramref name="op"/> (k = 1) is taken here: β ∈ {0, 1}, op(B) a contiguous row, C row-major.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Applies(in GemmOperands<T> op) =>
        op.K == 1 && op.N >= MinColumns && op.Csc == 1 && (!op.TransB || op.Ldb == 1) && (op.Beta == T.One || op.Beta == T.Zero);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in GemmOperands<T> op, IsaPath path)
    {
        ref T b = ref op.OpB(0, 0);
        if (op.Beta == T.One)
        {
            RankOneRows.Run(op.Alpha, ref op.A, op.TransA ? 1 : op.Lda, ref b, ref op.C, op.Ldc, op.M, op.N, path);
            return;
        }
        nuint n = (nuint)op.N;
        for (int i = 0; i < op.M; i++)
            UnaryLoop.Run(ref b, ref op.CAt(i, 0), n, new ScaleOperator<T>(op.Alpha * op.OpA(i, 0)), path);
    }
}
