using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Kernels.Simd;
using Kernels.Vectors;

namespace Kernels.MatrixMultiply;

/// <summary>
/// Runs a validated GEMM as <see cref="GemmPlanner"/> plans it: the routes that need no micro-kernel directly, the
/// others through the executor of the plan's kernel. It decides nothing itself.
/// </summary>
[SkipLocalsInit] // a small product pays for every zeroed byte of this frame
internal static unsafe class GemmExecutor<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in GemmOperands<T> op, int maxDegreeOfParallelism)
    {
        if (GemmPlanner.TryDirectRoute(op, out GemmRoute route))
            RunDirect(op, route);
        else
            RunTiled(op, maxDegreeOfParallelism);
    }

    // The tiled routes, in their own frame: a tiny product should not pay for this one's prologue (six saved registers,
    // pinned operands) on its way to a plain loop.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void RunTiled(in GemmOperands<T> op, int maxDegreeOfParallelism)
    {
        IsaPath path = Isa.Current;
        // Pinned for the whole call: the AVX kernel stores edge tiles through pointers, and worker threads get addresses.
        fixed (T* pa = &op.A, pb = &op.B, pc = &op.C)
        {
            // The kernel first, then the rest of the plan inside that kernel's executor, where the tile is a constant
            // (GemmPlanner.PlanTiled makes the same choices in the same order). One method per kernel, so each keeps a
            // small frame: with every kernel's operands inlined into one method, its prologue zeroed them all on every call.
            switch (GemmPlanner.PathKernel<T>(path))
            {
                case GemmKernel.Vector256Tile6x2 when path == IsaPath.Vector512 && GemmPlanner.Vector512TilesPay(op, GemmTuning.Current):
                    PlanAndRun<VectorMicroKernel6x2<T, Vector512<T>, Vector512Ops<T>, NoMaskedMoves<Vector512<T>, T>>, Vector512Tile6x2<T>, Vector256<T>, Vector256Ops<T>, AvxMaskedMoves<T>>(op, maxDegreeOfParallelism, path);
                    break;
                case GemmKernel.Vector256Tile6x2:
                    PlanAndRun<VectorMicroKernel6x2<T, Vector256<T>, Vector256Ops<T>, AvxMaskedMoves<T>>, Vector256Tile6x2<T>, Vector256<T>, Vector256Ops<T>, AvxMaskedMoves<T>>(op, maxDegreeOfParallelism, path);
                    break;
                case GemmKernel.AdvSimdTile8x3:
                    PlanAndRun<AdvSimdMicroKernel8x3<T>, AdvSimdTile8x3<T>, Vector128<T>, Vector128Ops<T>, NoMaskedMoves<Vector128<T>, T>>(op, maxDegreeOfParallelism, path);
                    break;
                case GemmKernel.Vector128Tile6x2:
                    PlanAndRun<VectorMicroKernel6x2<T, Vector128<T>, Vector128Ops<T>, NoMaskedMoves<Vector128<T>, T>>, Vector128Tile6x2<T>, Vector128<T>, Vector128Ops<T>, NoMaskedMoves<Vector128<T>, T>>(op, maxDegreeOfParallelism, path);
                    break;
                case GemmKernel.VectorTTile6x2:
                    PlanAndRun<VectorMicroKernel6x2<T, Vector<T>, VectorTOps<T>, NoMaskedMoves<Vector<T>, T>>, VectorTTile6x2<T>, Vector<T>, VectorTOps<T>, NoMaskedMoves<Vector<T>, T>>(op, maxDegreeOfParallelism, path);
                    break;
                default:
                    PlanAndRun<ScalarMicroKernel4x4<T>, ScalarTile4x4, Vector128<T>, Vector128Ops<T>, NoMaskedMoves<Vector128<T>, T>>(op, maxDegreeOfParallelism, IsaPath.Scalar);
                    break;
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="op"/> with op(B) also given packed: the plan is the one <see cref="Run"/> makes, and where it
    /// reads B in tiles on the kernel the panel is laid out for, the tiles read the panel; anything else (a direct
    /// route, dot products, Cᵀ, another path's kernel) reads B as <see cref="Run"/> does. Results are the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunPacked(in GemmOperands<T> op, PackedPanel<T> panel, int maxDegreeOfParallelism)
    {
        if (!GemmPlanner.TryDirectRoute(op, out _))
        {
            IsaPath path = Isa.Current;
            GemmPlan plan = GemmPlanner.PlanTiled(op, path, maxDegreeOfParallelism, GemmTuning.Current);
            if (plan.Route is GemmRoute.Blocked or GemmRoute.Unpacked && !plan.Transposed && plan.Kernel == panel.Kernel)
            {
                fixed (T* pa = &op.A, pb = &op.B, pc = &op.C)
                    Execute(op.WithPackedB(ref panel.Data, panel.NR), plan, plan.Kernel == GemmKernel.ScalarTile4x4 ? IsaPath.Scalar : path);
                return;
            }
        }
        Run(op, maxDegreeOfParallelism);
    }

    /// <summary>Runs <paramref name="op"/> by a plan made elsewhere (for <paramref name="path"/>); operands pinned. For tests
    /// that run plans this machine would not make (the 512-bit kernel where Vector512 is only emulated, say).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Execute(in GemmOperands<T> op, in GemmPlan plan, IsaPath path)
    {
        switch (plan.Kernel)
        {
            case var _ when plan.Route < GemmRoute.DotProducts:
                RunDirect(op, plan.Route);
                break;
            case GemmKernel.Vector512Tile6x2:
                RunPlan<VectorMicroKernel6x2<T, Vector512<T>, Vector512Ops<T>, NoMaskedMoves<Vector512<T>, T>>, Vector256<T>, Vector256Ops<T>, AvxMaskedMoves<T>>(op, plan, path);
                break;
            case GemmKernel.Vector256Tile6x2:
                RunPlan<VectorMicroKernel6x2<T, Vector256<T>, Vector256Ops<T>, AvxMaskedMoves<T>>, Vector256<T>, Vector256Ops<T>, AvxMaskedMoves<T>>(op, plan, path);
                break;
            case GemmKernel.AdvSimdTile8x3:
                RunPlan<AdvSimdMicroKernel8x3<T>, Vector128<T>, Vector128Ops<T>, NoMaskedMoves<Vector128<T>, T>>(op, plan, path);
                break;
            case GemmKernel.Vector128Tile6x2:
                RunPlan<VectorMicroKernel6x2<T, Vector128<T>, Vector128Ops<T>, NoMaskedMoves<Vector128<T>, T>>, Vector128<T>, Vector128Ops<T>, NoMaskedMoves<Vector128<T>, T>>(op, plan, path);
                break;
            case GemmKernel.VectorTTile6x2:
                RunPlan<VectorMicroKernel6x2<T, Vector<T>, VectorTOps<T>, NoMaskedMoves<Vector<T>, T>>, Vector<T>, VectorTOps<T>, NoMaskedMoves<Vector<T>, T>>(op, plan, path);
                break;
            default:
                RunPlan<ScalarMicroKernel4x4<T>, Vector128<T>, Vector128Ops<T>, NoMaskedMoves<Vector128<T>, T>>(op, plan, IsaPath.Scalar);
                break;
        }
    }

    // The plan on one kernel, made and run in one frame.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PlanAndRun<TKernel, TShape, TV, TOps, TMask>(in GemmOperands<T> op, int maxDegreeOfParallelism, IsaPath path)
        where TKernel : struct, IMicroKernel<T> where TShape : struct, ITileShape
        where TV : struct where TOps : struct, IVectorOps<TV, T> where TMask : struct, IMaskedMoves<TV, T>
    {
        GemmPlan plan = GemmPlanner.TiledPlan<T, TShape>(op, maxDegreeOfParallelism, GemmTuning.Current);
        RunPlan<TKernel, TV, TOps, TMask>(op, plan, path);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RunDirect(in GemmOperands<T> op, GemmRoute route)
    {
        switch (route)
        {
            case GemmRoute.ScaleOnly: ScaleC(op); break;
            case GemmRoute.MatrixVector: MatrixVectorGemm<T>.Run(op, Isa.Current); break;
            case GemmRoute.Tiny: TinyGemm<T>.Run(op, Isa.Current); break;
            case GemmRoute.RankOne: RankOneGemm<T>.Run(op, Isa.Current); break;
        }
    }

    // The tiled routes on one kernel; TV, TOps and TMask are the vectors its dot-product route works in. Only the
    // unpacked route as the product stands runs in this frame: the others take a call, so that no copy of the operands
    // (transposed, or cut to its tiled columns) lives here, each one zeroed by every call's prologue.
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private static void RunPlan<TKernel, TV, TOps, TMask>(in GemmOperands<T> op, in GemmPlan plan, IsaPath path)
        where TKernel : struct, IMicroKernel<T> where TV : struct where TOps : struct, IVectorOps<TV, T> where TMask : struct, IMaskedMoves<TV, T>
    {
        switch (plan.Route)
        {
            case GemmRoute.Unpacked when !plan.Transposed:
                UnpackedDriver<T, TKernel>.Run(op, plan.EdgeColumns, plan.PackWithAvx, path);
                break;
            case GemmRoute.Unpacked:
                UnpackedTransposed<TKernel>(op, plan, path);
                break;
            case GemmRoute.DotProducts:
                DotProducts<TV, TOps, TMask>(op, plan);
                break;
            default:
                Blocked<TKernel>(op, plan, path);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void UnpackedTransposed<TKernel>(in GemmOperands<T> op, in GemmPlan plan, IsaPath path) where TKernel : struct, IMicroKernel<T> =>
        UnpackedDriver<T, TKernel>.Run(op.Transposed(), plan.EdgeColumns, plan.PackWithAvx, path);

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void DotProducts<TV, TOps, TMask>(in GemmOperands<T> op, in GemmPlan plan)
        where TV : struct where TOps : struct, IVectorOps<TV, T> where TMask : struct, IMaskedMoves<TV, T>
    {
        if (plan.Transposed)
            DotProductGemm<T, TV, TOps, TMask>.Run(op.Transposed(), plan.PackWithAvx, plan.Threads);
        else
            DotProductGemm<T, TV, TOps, TMask>.Run(op, plan.PackWithAvx, plan.Threads);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Blocked<TKernel>(in GemmOperands<T> op, in GemmPlan plan, IsaPath path) where TKernel : struct, IMicroKernel<T>
    {
        if (plan.Transposed)
            BlockedAsIs<TKernel>(op.Transposed(), plan, path);
        else
            BlockedAsIs<TKernel>(op, plan, path);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BlockedAsIs<TKernel>(in GemmOperands<T> op, in GemmPlan plan, IsaPath path) where TKernel : struct, IMicroKernel<T>
    {
        int columns = op.N - plan.EdgeColumns;
        GemmOperands<T> tiles = plan.EdgeColumns == 0 ? op : op.Columns(0, columns);
        if (plan.Threads > 1)
            ParallelGemm.Run<T, TKernel>(tiles, plan);
        else
            BlockedDriver<T, TKernel>.Run(tiles, plan);
        if (plan.EdgeColumns != 0)
            MatrixVectorGemm<T>.EachColumn(op, columns, path);
    }

    /// <summary>C = β·C, and C = 0 without reading it when β = 0 (BLAS: NaN in C must not survive).</summary>
    private static void ScaleC(in GemmOperands<T> op)
    {
        if (op.Beta == T.One)
            return;
        IsaPath path = Isa.Current;
        for (int i = 0; i < op.M; i++)
        {
            ref T row = ref op.CAt(i, 0);
            if (op.Beta == T.Zero)
                MemoryMarshal.CreateSpan(ref row, op.N).Clear();
            else
                UnaryLoop.Run(ref row, ref row, (nuint)op.N, new ScaleOperator<T>(op.Beta), path);
        }
    }
}
