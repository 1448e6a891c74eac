using System.Numerics;
using System.Runtime.CompilerServices;
using Kernels.Platform;
using Kernels.Simd;

namespace Kernels.Matrices;

/// <summary>
/// Register-blocked matrix–vector kernels, written once over <see cref="IVectorOps{TV, T}"/> and specialised per width.
/// Both keep 8 independent accumulator chains (two FMA pipes × four cycles of latency) and never store partial sums.
/// </summary>
internal static class MatrixVectorKernels<T, TV, TOps>
    where T : unmanaged, IFloatingPointIeee754<T> where TV : struct where TOps : struct, IVectorOps<TV, T>
{
    /// <summary>
    /// y[0..n) = β·y + Σ_p (α·x[p])·M[p, 0..n) (β = 0: y not read), M rows contiguous. M is streamed row by row, four or
    /// eight rows per sweep over y: each vector of y is loaded once and stored once per four (eight) fused multiply-adds,
    /// and the sums run in row order either way, so the choice does not change the bits. Columns are blocked so the slice
    /// of y being updated stays in L1; the few columns past the last whole vector are scalar. Outputs of one to four
    /// vectors go to <see cref="MatrixVectorNarrowKernels{T, TV, TOps}"/> instead.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AxpyForm(ref T m, nint ldm, ref T x, int k, ref T y, int n, T alpha, T beta)
    {
        if (MatrixVectorNarrowKernels<T, TV, TOps>.Applies(n))
        {
            // One to four vectors of y: summed in registers, in chains (a sweep per row would wait on each row's FMAs).
            MatrixVectorNarrowKernels<T, TV, TOps>.AxpyForm(ref m, ldm, ref x, k, ref y, n, alpha, beta);
            return;
        }
        int columnBlock = CacheBudgets.Current.MatrixVectorColumnBlockBytes / Unsafe.SizeOf<T>();
        bool eightRows = EightRowSweeps(ldm, k);
        for (int j0 = 0; j0 < n; j0 += columnBlock)
        {
            int cols = n - j0 < columnBlock ? n - j0 : columnBlock;
            ref T yb = ref Unsafe.Add(ref y, j0);
            ref T mb = ref Unsafe.Add(ref m, j0);
            ScaleY(ref yb, cols, beta);
            int p = 0;
            for (; eightRows && p + 8 <= k; p += 8)
                Sweep<Count.Eight>(ref Unsafe.Add(ref mb, p * ldm), ldm, ref Unsafe.Add(ref x, p), alpha, ref yb, cols);
            for (; p + 4 <= k; p += 4)
                Sweep<Count.Four>(ref Unsafe.Add(ref mb, p * ldm), ldm, ref Unsafe.Add(ref x, p), alpha, ref yb, cols);
            for (; p < k; p++)
                Sweep<Count.One>(ref Unsafe.Add(ref mb, p * ldm), ldm, ref Unsafe.Add(ref x, p), alpha, ref yb, cols);
        }
    }

    /// <summary>
    /// Whether sweeps take eight rows of M at a time rather than four: eight halve the loads and stores of y per element
    /// of M, which pays where the rows are short or M comes from memory (<see cref="CacheBudgets.MatrixVectorBeyondCacheBytes"/>);
    /// long rows of a cache-sized M read eight at a time lose, eight page-strided streams being more than the
    /// prefetchers follow.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool EightRowSweeps(nint ldm, int k)
    {
        const int ShortRowBytes = 2048;
        long rowBytes = (long)ldm * Unsafe.SizeOf<T>();
        return rowBytes <= ShortRowBytes || rowBytes * k >= CacheBudgets.Current.MatrixVectorBeyondCacheBytes;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScaleY(ref T y, int n, T beta)
    {
        if (beta == T.One)
            return;
        if (beta == T.Zero)
        {
            System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref y, n).Clear();
            return;
        }
        nint w = TOps.Count, j = 0;
        TV vb = TOps.Broadcast(beta);
        for (; j + w <= n; j += w)
            TOps.Store(TOps.Multiply(vb, TOps.Load(ref y, j)), ref y, j);
        for (; j < n; j++)
            Unsafe.Add(ref y, j) = beta * Unsafe.Add(ref y, j);
    }

    // y += Σ_{q < TRows} (α·x[q])·M[q, :], the rows' terms added in order (TRows is 1, 4 or 8). A call of its own: inlined
    // into AxpyForm's column and row loops, its pointers and bound were spilled and reloaded on every vector.
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Sweep<TRows>(ref T m, nint ldm, ref T x, T alpha, ref T y, int n) where TRows : struct, ICount
    {
        bool four = TRows.Value >= 4, eight = TRows.Value == 8;
        T s0 = alpha * x;
        T s1 = four ? alpha * Unsafe.Add(ref x, 1) : T.Zero, s2 = four ? alpha * Unsafe.Add(ref x, 2) : T.Zero, s3 = four ? alpha * Unsafe.Add(ref x, 3) : T.Zero;
        T s4 = eight ? alpha * Unsafe.Add(ref x, 4) : T.Zero, s5 = eight ? alpha * Unsafe.Add(ref x, 5) : T.Zero;
        T s6 = eight ? alpha * Unsafe.Add(ref x, 6) : T.Zero, s7 = eight ? alpha * Unsafe.Add(ref x, 7) : T.Zero;
        TV x0 = TOps.Broadcast(s0), x1 = TOps.Broadcast(s1), x2 = TOps.Broadcast(s2), x3 = TOps.Broadcast(s3);
        TV x4 = TOps.Broadcast(s4), x5 = TOps.Broadcast(s5), x6 = TOps.Broadcast(s6), x7 = TOps.Broadcast(s7);
        ref T m1 = ref Unsafe.Add(ref m, ldm), m2 = ref Unsafe.Add(ref m, 2 * ldm), m3 = ref Unsafe.Add(ref m, 3 * ldm);
        ref T m4 = ref Unsafe.Add(ref m, 4 * ldm), m5 = ref Unsafe.Add(ref m, 5 * ldm);
        ref T m6 = ref Unsafe.Add(ref m, 6 * ldm), m7 = ref Unsafe.Add(ref m, 7 * ldm);
        nint w = TOps.Count, j = 0;
        for (; j + w <= n; j += w)
        {
            TV acc = TOps.MultiplyAdd(x0, TOps.Load(ref m, j), TOps.Load(ref y, j));
            if (four)
            {
                acc = TOps.MultiplyAdd(x1, TOps.Load(ref m1, j), acc);
                acc = TOps.MultiplyAdd(x2, TOps.Load(ref m2, j), acc);
                acc = TOps.MultiplyAdd(x3, TOps.Load(ref m3, j), acc);
            }
            if (eight)
            {
                acc = TOps.MultiplyAdd(x4, TOps.Load(ref m4, j), acc);
                acc = TOps.MultiplyAdd(x5, TOps.Load(ref m5, j), acc);
                acc = TOps.MultiplyAdd(x6, TOps.Load(ref m6, j), acc);
                acc = TOps.MultiplyAdd(x7, TOps.Load(ref m7, j), acc);
            }
            TOps.Store(acc, ref y, j);
        }
        for (; j < n; j++)
        {
            T acc = VectorMath.MultiplyAdd(s0, Unsafe.Add(ref m, j), Unsafe.Add(ref y, j));
            if (four)
            {
                acc = VectorMath.MultiplyAdd(s1, Unsafe.Add(ref m1, j), acc);
                acc = VectorMath.MultiplyAdd(s2, Unsafe.Add(ref m2, j), acc);
                acc = VectorMath.MultiplyAdd(s3, Unsafe.Add(ref m3, j), acc);
            }
            if (eight)
            {
                acc = VectorMath.MultiplyAdd(s4, Unsafe.Add(ref m4, j), acc);
                acc = VectorMath.MultiplyAdd(s5, Unsafe.Add(ref m5, j), acc);
                acc = VectorMath.MultiplyAdd(s6, Unsafe.Add(ref m6, j), acc);
                acc = VectorMath.MultiplyAdd(s7, Unsafe.Add(ref m7, j), acc);
            }
            Unsafe.Add(ref y, j) = acc;
        }
    }

    /// <summary>
    /// y[i·incY] = α·(M[i, :]·x) + β·y[i·incY] for i in [0, rows), M rows contiguous: four rows at a time share each load
    /// of x, two accumulators per row; the k tail below one vector is scalar.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DotForm(ref T m, nint ldm, ref T x, int k, ref T y, nint incY, int rows, T alpha, T beta)
    {
        int i = 0;
        for (; i + 4 <= rows; i += 4)
            Rows<Count.Four>(ref Unsafe.Add(ref m, i * ldm), ldm, ref x, k, ref Unsafe.Add(ref y, i * incY), incY, alpha, beta);
        for (; i < rows; i++)
            Rows<Count.One>(ref Unsafe.Add(ref m, i * ldm), ldm, ref x, k, ref Unsafe.Add(ref y, i * incY), incY, alpha, beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rows<TRows>(ref T m, nint ldm, ref T x, int k, ref T y, nint incY, T alpha, T beta) where TRows : struct, ICount
    {
        nint w = TOps.Count;
        bool four = TRows.Value == 4;
        ref T m1 = ref Unsafe.Add(ref m, ldm), m2 = ref Unsafe.Add(ref m, 2 * ldm), m3 = ref Unsafe.Add(ref m, 3 * ldm);
        TV a0 = TOps.Zero, b0 = a0, a1 = a0, b1 = a0, a2 = a0, b2 = a0, a3 = a0, b3 = a0;
        nint p = 0;
        for (; p + 2 * w <= k; p += 2 * w)
        {
            TV x0 = TOps.Load(ref x, p), x1 = TOps.Load(ref x, p + w);
            a0 = TOps.MultiplyAdd(TOps.Load(ref m, p), x0, a0); b0 = TOps.MultiplyAdd(TOps.Load(ref m, p + w), x1, b0);
            if (four)
            {
                a1 = TOps.MultiplyAdd(TOps.Load(ref m1, p), x0, a1); b1 = TOps.MultiplyAdd(TOps.Load(ref m1, p + w), x1, b1);
                a2 = TOps.MultiplyAdd(TOps.Load(ref m2, p), x0, a2); b2 = TOps.MultiplyAdd(TOps.Load(ref m2, p + w), x1, b2);
                a3 = TOps.MultiplyAdd(TOps.Load(ref m3, p), x0, a3); b3 = TOps.MultiplyAdd(TOps.Load(ref m3, p + w), x1, b3);
            }
        }
        if (p + w <= k)
        {
            TV x0 = TOps.Load(ref x, p);
            a0 = TOps.MultiplyAdd(TOps.Load(ref m, p), x0, a0);
            if (four)
            {
                a1 = TOps.MultiplyAdd(TOps.Load(ref m1, p), x0, a1);
                a2 = TOps.MultiplyAdd(TOps.Load(ref m2, p), x0, a2);
                a3 = TOps.MultiplyAdd(TOps.Load(ref m3, p), x0, a3);
            }
            p += w;
        }
        // Rows shorter than a vector (a small network's first layer: k = 2) skip the horizontal sums of zero vectors
        // (exactly +0 anyway): four of them cost more than such a row's own multiply-adds.
        T s0 = T.Zero, s1 = T.Zero, s2 = T.Zero, s3 = T.Zero;
        if (p != 0)
        {
            s0 = TOps.Sum(TOps.Add(a0, b0));
            if (four)
            {
                s1 = TOps.Sum(TOps.Add(a1, b1));
                s2 = TOps.Sum(TOps.Add(a2, b2));
                s3 = TOps.Sum(TOps.Add(a3, b3));
            }
        }
        for (; p < k; p++)
        {
            T xp = Unsafe.Add(ref x, p);
            s0 = VectorMath.MultiplyAdd(Unsafe.Add(ref m, p), xp, s0);
            if (four)
            {
                s1 = VectorMath.MultiplyAdd(Unsafe.Add(ref m1, p), xp, s1);
                s2 = VectorMath.MultiplyAdd(Unsafe.Add(ref m2, p), xp, s2);
                s3 = VectorMath.MultiplyAdd(Unsafe.Add(ref m3, p), xp, s3);
            }
        }
        MatrixVector<T>.Finish(ref y, s0, alpha, beta);
        if (four)
        {
            MatrixVector<T>.Finish(ref Unsafe.Add(ref y, incY), s1, alpha, beta);
            MatrixVector<T>.Finish(ref Unsafe.Add(ref y, 2 * incY), s2, alpha, beta);
            MatrixVector<T>.Finish(ref Unsafe.Add(ref y, 3 * incY), s3, alpha, beta);
        }
    }
}
