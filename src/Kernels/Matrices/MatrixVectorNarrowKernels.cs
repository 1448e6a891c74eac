using System.Numerics;
using System.Runtime.CompilerServices;
using Kernels.Simd;

namespace Kernels.Matrices;

/// <summary>
/// The axpy-form matrix–vector product y = β·y + Σ_p (α·x[p])·M[p, :] for outputs one to four vectors long (w ≤ n ≤ 4w):
/// a batch-1 row vector through a narrow layer, (1×k)·(k×10). All of y stays in registers while M is read row by row, and
/// each vector of y is summed in several independent chains (rows p ≡ r mod c go to chain r), so the loop waits on
/// neither FMA latency nor a store and reload of y per row. A last vector that does not fill a register overlaps the one
/// before it (columns n − w to n): it reads only the row's own columns, computes the shared columns exactly as that vector
/// does, and is stored last, so no mask is needed on any path.
/// </summary>
/// <remarks>
/// The row sweep of <see cref="MatrixVectorKernels{T, TV, TOps}.AxpyForm"/> keeps y in memory and adds each row in order: with one
/// to four vectors of y per row, every row waits for the previous row's multiply-adds and store. Summing in chains
/// changes the rounding, not the error bound: each element is still a sum of k products, pairwise-combined at the end.
/// </remarks>
internal static class MatrixVectorNarrowKernels<T, TV, TOps>
    where T : unmanaged, IFloatingPointIeee754<T> where TV : struct where TOps : struct, IVectorOps<TV, T>
{
    /// <summary>Whether <see cref="AxpyForm"/> takes an output of <paramref name="n"/> elements.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Applies(int n) => n >= TOps.Count && n <= 4 * TOps.Count;

    /// <summary>y[0..n) = β·y + Σ_p (α·x[p])·M[p, 0..n) (β = 0: y not read) for w ≤ n ≤ 4w, M rows contiguous.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AxpyForm(ref T m, nint ldm, ref T x, int k, ref T y, int n, T alpha, T beta)
    {
        int w = TOps.Count;
        if (n <= w)
            FourChains<Count.One>(ref m, ldm, ref x, k, ref y, n, alpha, beta);
        else if (n <= 2 * w)
            FourChains<Count.Two>(ref m, ldm, ref x, k, ref y, n, alpha, beta);
        else if (n <= 3 * w)
            TwoChains<Count.Three>(ref m, ldm, ref x, k, ref y, n, alpha, beta);
        else
            TwoChains<Count.Four>(ref m, ldm, ref x, k, ref y, n, alpha, beta);
    }

    // One or two vectors of y, four chains each (eight accumulators at most: enough for two FMA pipes of 4-cycle latency).
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void FourChains<TVectors>(ref T m, nint ldm, ref T x, int k, ref T y, int n, T alpha, T beta) where TVectors : struct, ICount
    {
        bool two = TVectors.Value == 2;
        nint o1 = n - TOps.Count; // the second vector's first column
        TV a0 = TOps.Zero, a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        int p = 0;
        for (; p + 4 <= k; p += 4)
        {
            ref T r = ref Unsafe.Add(ref m, p * ldm);
            ref T xp = ref Unsafe.Add(ref x, p);
            TV s = TOps.Broadcast(alpha * xp);
            a0 = TOps.MultiplyAdd(s, TOps.Load(ref r, 0), a0); if (two) b0 = TOps.MultiplyAdd(s, TOps.Load(ref r, o1), b0);
            r = ref Unsafe.Add(ref r, ldm);
            s = TOps.Broadcast(alpha * Unsafe.Add(ref xp, 1));
            a1 = TOps.MultiplyAdd(s, TOps.Load(ref r, 0), a1); if (two) b1 = TOps.MultiplyAdd(s, TOps.Load(ref r, o1), b1);
            r = ref Unsafe.Add(ref r, ldm);
            s = TOps.Broadcast(alpha * Unsafe.Add(ref xp, 2));
            a2 = TOps.MultiplyAdd(s, TOps.Load(ref r, 0), a2); if (two) b2 = TOps.MultiplyAdd(s, TOps.Load(ref r, o1), b2);
            r = ref Unsafe.Add(ref r, ldm);
            s = TOps.Broadcast(alpha * Unsafe.Add(ref xp, 3));
            a3 = TOps.MultiplyAdd(s, TOps.Load(ref r, 0), a3); if (two) b3 = TOps.MultiplyAdd(s, TOps.Load(ref r, o1), b3);
        }
        // The last k mod 4 rows continue the pattern: row p into chain p mod 4.
        for (int chain = 0; p < k; p++, chain++)
        {
            ref T r = ref Unsafe.Add(ref m, p * ldm);
            TV s = TOps.Broadcast(alpha * Unsafe.Add(ref x, p));
            if (chain == 0) { a0 = TOps.MultiplyAdd(s, TOps.Load(ref r, 0), a0); if (two) b0 = TOps.MultiplyAdd(s, TOps.Load(ref r, o1), b0); }
            else if (chain == 1) { a1 = TOps.MultiplyAdd(s, TOps.Load(ref r, 0), a1); if (two) b1 = TOps.MultiplyAdd(s, TOps.Load(ref r, o1), b1); }
            else { a2 = TOps.MultiplyAdd(s, TOps.Load(ref r, 0), a2); if (two) b2 = TOps.MultiplyAdd(s, TOps.Load(ref r, o1), b2); }
        }
        TV sum0 = TOps.Add(TOps.Add(a0, a1), TOps.Add(a2, a3));
        TV sum1 = two ? TOps.Add(TOps.Add(b0, b1), TOps.Add(b2, b3)) : TOps.Zero;
        // Both old vectors are read before either is stored: they may overlap.
        TV old0 = beta == T.Zero ? TOps.Zero : TOps.Load(ref y, 0);
        TV old1 = beta == T.Zero || !two ? TOps.Zero : TOps.Load(ref y, o1);
        TOps.Store(Finish(sum0, old0, beta), ref y, 0);
        if (two)
            TOps.Store(Finish(sum1, old1, beta), ref y, o1);
    }

    // Three or four vectors of y, two chains each (six or eight accumulators).
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void TwoChains<TVectors>(ref T m, nint ldm, ref T x, int k, ref T y, int n, T alpha, T beta) where TVectors : struct, ICount
    {
        bool four = TVectors.Value == 4;
        nint w = TOps.Count;
        nint o1 = w, o2 = four ? 2 * w : n - w, o3 = n - w; // o3 is used only with four vectors
        TV a0 = TOps.Zero, a1 = a0, b0 = a0, b1 = a0, c0 = a0, c1 = a0, d0 = a0, d1 = a0;
        int p = 0;
        for (; p + 2 <= k; p += 2)
        {
            ref T r = ref Unsafe.Add(ref m, p * ldm);
            TV s = TOps.Broadcast(alpha * Unsafe.Add(ref x, p));
            a0 = TOps.MultiplyAdd(s, TOps.Load(ref r, 0), a0);
            b0 = TOps.MultiplyAdd(s, TOps.Load(ref r, o1), b0);
            c0 = TOps.MultiplyAdd(s, TOps.Load(ref r, o2), c0);
            if (four) d0 = TOps.MultiplyAdd(s, TOps.Load(ref r, o3), d0);
            r = ref Unsafe.Add(ref r, ldm);
            s = TOps.Broadcast(alpha * Unsafe.Add(ref x, p + 1));
            a1 = TOps.MultiplyAdd(s, TOps.Load(ref r, 0), a1);
            b1 = TOps.MultiplyAdd(s, TOps.Load(ref r, o1), b1);
            c1 = TOps.MultiplyAdd(s, TOps.Load(ref r, o2), c1);
            if (four) d1 = TOps.MultiplyAdd(s, TOps.Load(ref r, o3), d1);
        }
        if (p < k)
        {
            ref T r = ref Unsafe.Add(ref m, p * ldm);
            TV s = TOps.Broadcast(alpha * Unsafe.Add(ref x, p));
            a0 = TOps.MultiplyAdd(s, TOps.Load(ref r, 0), a0);
            b0 = TOps.MultiplyAdd(s, TOps.Load(ref r, o1), b0);
            c0 = TOps.MultiplyAdd(s, TOps.Load(ref r, o2), c0);
            if (four) d0 = TOps.MultiplyAdd(s, TOps.Load(ref r, o3), d0);
        }
        TV oldA = beta == T.Zero ? TOps.Zero : TOps.Load(ref y, 0);
        TV oldB = beta == T.Zero ? TOps.Zero : TOps.Load(ref y, o1);
        TV oldC = beta == T.Zero ? TOps.Zero : TOps.Load(ref y, o2);
        TV oldD = beta == T.Zero || !four ? TOps.Zero : TOps.Load(ref y, o3);
        TOps.Store(Finish(TOps.Add(a0, a1), oldA, beta), ref y, 0);
        TOps.Store(Finish(TOps.Add(b0, b1), oldB, beta), ref y, o1);
        TOps.Store(Finish(TOps.Add(c0, c1), oldC, beta), ref y, o2);
        if (four)
            TOps.Store(Finish(TOps.Add(d0, d1), oldD, beta), ref y, o3);
    }

    // sum + β·old; β = 0 leaves old unread (it is zero here), β = 1 one addition.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Finish(TV sum, TV old, T beta) =>
        beta == T.Zero ? sum : beta == T.One ? TOps.Add(sum, old) : TOps.MultiplyAdd(TOps.Broadcast(beta), old, sum);
}
