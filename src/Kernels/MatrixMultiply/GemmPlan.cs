namespace Kernels.MatrixMultiply;

/// <summary>
/// How one GEMM runs, as <see cref="GemmPlanner"/> decides it from the shape, the layout, the path and the tuning: the
/// executors only carry it out.
/// </summary>
/// <param name="Route">The route.</param>
/// <param name="Kernel">The micro-kernel (for <see cref="GemmRoute.DotProducts"/>, the vector width it works in).</param>
/// <param name="Transposed">Computes Cᵀ = op(B)ᵀ·op(A)ᵀ: the operands swap roles and C is walked transposed.</param>
/// <param name="EdgeColumns">The last columns of C (of the product as computed) that run as matrix–vector products.</param>
/// <param name="PackA">Pack blocks of op(A) (blocked route).</param>
/// <param name="PackB">Pack panels of op(B) (blocked route); otherwise whole slivers are read in place.</param>
/// <param name="PackWithAvx">Packing may transpose in AVX registers (the Vector256 kernel only).</param>
/// <param name="Blocking">MC, KC, NC (blocked route).</param>
/// <param name="Threads">Threads the work is split over (1: the calling thread alone).</param>
/// <param name="SplitColumns">Threads take ranges of columns (else of rows).</param>
/// <param name="SplitUnit">Ranges are whole multiples of this many columns (rows).</param>
internal readonly record struct GemmPlan(
    GemmRoute Route,
    GemmKernel Kernel,
    bool Transposed,
    int EdgeColumns,
    bool PackA,
    bool PackB,
    bool PackWithAvx,
    GemmBlocking Blocking,
    int Threads,
    bool SplitColumns,
    int SplitUnit)
{
    /// <summary>A plan for a route that needs no micro-kernel.</summary>
    public static GemmPlan Direct(GemmRoute route) => new(route, GemmKernel.ScalarTile4x4, false, 0, false, false, false, default, 1, false, 0);
}
