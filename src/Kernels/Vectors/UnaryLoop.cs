using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Kernels.Platform;
using Kernels.Simd;

namespace Kernels.Vectors;

/// <summary>
/// The one loop behind every unary element-wise kernel: d[i] = op(x[i]) for i in [0, n).
/// </summary>
/// <remarks>
/// <para>
/// One body serves every width (<see cref="IVectorOps{TV, T}"/>). The main
/// loop starts at the first element whose address is a multiple of the vector size (so no store straddles two cache
/// lines) and runs 4x unrolled, then single vectors. The elements before that start, if any, are covered by the first
/// vector of the range, and those after the last whole vector, if any, by the last one: both are computed before
/// anything is written and stored at the end, overlapping what the loop wrote with identical values. So exact
/// in-place use (d the same memory as x) stays correct. Lengths below the path's width drop to the next narrower
/// width, then to scalar code, and lengths up to twice the width are just the first and the last vector (no alignment
/// prologue); nothing is ever read or written outside [0, n).
/// </para>
/// <para>
/// Outputs above <see cref="StreamingThresholdBytes"/> that share no memory with the input are written with
/// non-temporal stores (<see cref="StreamingStores"/>); in-place calls never are.
/// </para>
/// </remarks>
internal static class UnaryLoop
{
    /// <summary>Outputs of more bytes than this are streamed (<see cref="CacheBudgets.UnaryStreamingBytes"/>).</summary>
    public static nuint StreamingThresholdBytes => (nuint)CacheBudgets.Current.UnaryStreamingBytes;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run<T, TOp>(ref T x, ref T d, nuint n, TOp op, IsaPath path)
        where T : unmanaged, IFloatingPointIeee754<T> where TOp : struct, IUnaryOperator<T>
    {
        if (path >= IsaPath.Vector256 && Vector256Ops<T>.IsAccelerated && n >= (nuint)Vector256<T>.Count)
            Vectorized<T, Vector256<T>, Vector256Ops<T>, TOp>(ref x, ref d, n, op);
        else if (path >= IsaPath.Vector128 && Vector128Ops<T>.IsAccelerated && n >= (nuint)Vector128<T>.Count)
            Vectorized<T, Vector128<T>, Vector128Ops<T>, TOp>(ref x, ref d, n, op);
        else if (path == IsaPath.VectorT && VectorTOps<T>.IsAccelerated && n >= (nuint)Vector<T>.Count)
            Vectorized<T, Vector<T>, VectorTOps<T>, TOp>(ref x, ref d, n, op);
        else
            RunScalar(ref x, ref d, n, op);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunScalar<T, TOp>(ref T x, ref T d, nuint n, TOp op)
        where T : unmanaged where TOp : struct, IUnaryOperator<T>
    {
        for (nuint i = 0; i < n; i++)
            Unsafe.Add(ref d, i) = op.Invoke(Unsafe.Add(ref x, i));
    }

    /// <summary>The vector loop; n ≥ TOps.Count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Vectorized<T, TV, TOps, TOp>(ref T x, ref T d, nuint n, TOp op)
        where T : unmanaged, IFloatingPointIeee754<T> where TV : struct where TOps : struct, IVectorOps<TV, T> where TOp : struct, IUnaryOperator<T>
    {
        if (n <= (nuint)(2 * TOps.Count))
        {
            Short<T, TV, TOps, TOp>(ref x, ref d, (nint)n, op);
            return;
        }
        if (StreamingStores.Above<T>(n, (nuint)CacheBudgets.MinStreamingBytes) && StreamingStores.Above<T>(n, StreamingThresholdBytes) && !Unsafe.AreSame(ref d, ref x))
        {
            Streamed<T, TV, TOps, TOp>(ref x, ref d, (nint)n, op);
            return;
        }
        nint w = TOps.Count, end = (nint)n, i = 0;
        // The first and the last vector are needed only when the aligned loop leaves elements before its start or after
        // its last whole vector (an activation applied row by row would otherwise pay two extra vectors per row).
        TV first = default, last = default;
        nint skip = StreamingStores.ElementsToAlignment<T, TV>(ref d);
        bool head = skip != 0;
        if (head)
        {
            first = op.Invoke<TV, TOps>(TOps.Load(ref x, 0));
            i = skip;
        }
        bool tail = ((end - i) & (w - 1)) != 0;
        if (tail)
            last = op.Invoke<TV, TOps>(TOps.Load(ref x, end - w));
        if (!TOp.UsesManyRegisters && i + 4 * w <= end)
        {
            do
            {
                TV a0 = op.Invoke<TV, TOps>(TOps.Load(ref x, i));
                TV a1 = op.Invoke<TV, TOps>(TOps.Load(ref x, i + w));
                TV a2 = op.Invoke<TV, TOps>(TOps.Load(ref x, i + 2 * w));
                TV a3 = op.Invoke<TV, TOps>(TOps.Load(ref x, i + 3 * w));
                TOps.Store(a0, ref d, i);
                TOps.Store(a1, ref d, i + w);
                TOps.Store(a2, ref d, i + 2 * w);
                TOps.Store(a3, ref d, i + 3 * w);
                i += 4 * w;
            }
            while (i + 4 * w <= end);
        }
        Finish<T, TV, TOps, TOp>(ref x, ref d, i, end, head, first, tail, last, op);
    }

    /// <summary>
    /// w ≤ n ≤ 2w: the first and the last vector cover it, both computed before either is stored (so in-place use stays
    /// exact). No alignment prologue: for n = w it would compute the only vector twice, and an activation's vector costs
    /// tens of cycles.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Short<T, TV, TOps, TOp>(ref T x, ref T d, nint n, TOp op)
        where T : unmanaged, IFloatingPointIeee754<T> where TV : struct where TOps : struct, IVectorOps<TV, T> where TOp : struct, IUnaryOperator<T>
    {
        nint w = TOps.Count;
        TV last = op.Invoke<TV, TOps>(TOps.Load(ref x, n - w));
        if (n > w)
            TOps.Store(op.Invoke<TV, TOps>(TOps.Load(ref x, 0)), ref d, 0);
        TOps.Store(last, ref d, n - w);
    }

    /// <summary>
    /// The same loop with non-temporal stores from the first vector-aligned element of d (pinned, so the alignment
    /// holds; if d is not even aligned to its element size, single vectors and ordinary stores do it all).
    /// d must not overlap x.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Streamed<T, TV, TOps, TOp>(ref T x, ref T d, nint end, TOp op)
        where T : unmanaged, IFloatingPointIeee754<T> where TV : struct where TOps : struct, IVectorOps<TV, T> where TOp : struct, IUnaryOperator<T>
    {
        nint w = TOps.Count, i = 0;
        TV first = op.Invoke<TV, TOps>(TOps.Load(ref x, 0));
        TV last = op.Invoke<TV, TOps>(TOps.Load(ref x, end - w));
        fixed (T* pd = &d)
        {
            if (StreamingStores.CanAlign(pd))
            {
                i = StreamingStores.ElementsToAlignment<T, TV>(pd);
                if (TOp.UsesManyRegisters)
                {
                    for (; i + w <= end; i += w)
                        TOps.StoreAlignedNonTemporal(op.Invoke<TV, TOps>(TOps.Load(ref x, i)), pd + i);
                }
                else
                {
                    for (; i + 4 * w <= end; i += 4 * w)
                    {
                        TV a0 = op.Invoke<TV, TOps>(TOps.Load(ref x, i));
                        TV a1 = op.Invoke<TV, TOps>(TOps.Load(ref x, i + w));
                        TV a2 = op.Invoke<TV, TOps>(TOps.Load(ref x, i + 2 * w));
                        TV a3 = op.Invoke<TV, TOps>(TOps.Load(ref x, i + 3 * w));
                        TOps.StoreAlignedNonTemporal(a0, pd + i);
                        TOps.StoreAlignedNonTemporal(a1, pd + i + w);
                        TOps.StoreAlignedNonTemporal(a2, pd + i + 2 * w);
                        TOps.StoreAlignedNonTemporal(a3, pd + i + 3 * w);
                    }
                }
                StreamingStores.Fence();
            }
        }
        Finish<T, TV, TOps, TOp>(ref x, ref d, i, end, true, first, true, last, op);
    }

    /// <summary>Single vectors from i while a whole one fits, then the last and the first vector where needed (computed before any store).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish<T, TV, TOps, TOp>(ref T x, ref T d, nint i, nint end, bool head, TV first, bool tail, TV last, TOp op)
        where T : unmanaged, IFloatingPointIeee754<T> where TV : struct where TOps : struct, IVectorOps<TV, T> where TOp : struct, IUnaryOperator<T>
    {
        nint w = TOps.Count;
        while (i + w <= end)
        {
            TOps.Store(op.Invoke<TV, TOps>(TOps.Load(ref x, i)), ref d, i);
            i += w;
        }
        if (tail)
            TOps.Store(last, ref d, end - w);
        if (head)
            TOps.Store(first, ref d, 0);
    }
}
