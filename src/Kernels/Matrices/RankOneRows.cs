using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Kernels.Platform;
using Kernels.Simd;

namespace Kernels.Matrices;

/// <summary>
/// C += (α·x)·yᵀ, row by row: c[i, :] += s_i·y with s_i = α·x[i·incX] rounded once — the rank-1 update (BLAS ger)
/// and the k = 1, β = 1 GEMM. One loop for every row, no per-row dispatch: a row of 64 floats is 8 vectors, and a
/// per-row call with its set-up cost as much as the row.
/// </summary>
/// <remarks>
/// While C is small enough to stay in cache (<see cref="FourRowMaxBytes"/>), four rows share each load of y and each
/// pass of the loop; a bigger C is streamed one row at a time, since four read-and-write streams at once run slower
/// than one from the L3 and beyond.
/// Each element gets one fused multiply-add (two roundings on CPUs without FMA), whichever way its row is run.
/// </remarks>
internal static class RankOneRows
{
    /// <summary>C up to this size runs four rows per pass (<see cref="CacheBudgets.RankOneFourRowBytes"/>).</summary>
    internal static long FourRowMaxBytes => CacheBudgets.Current.RankOneFourRowBytes;

    /// <summary>c[i, j] += (α·x[i·incX])·y[j] for i &lt; rows, j &lt; cols; C must not overlap x or y.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(T alpha, ref T x, nint incX, ref T y, ref T c, nint ldc, int rows, int cols, IsaPath path)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (path >= IsaPath.Vector256 && Vector256Ops<T>.IsAccelerated && cols >= Vector256<T>.Count)
            Vectorized<T, Vector256<T>, Vector256Ops<T>>.Run(alpha, ref x, incX, ref y, ref c, ldc, rows, cols);
        else if (path >= IsaPath.Vector128 && Vector128Ops<T>.IsAccelerated && cols >= Vector128<T>.Count)
            Vectorized<T, Vector128<T>, Vector128Ops<T>>.Run(alpha, ref x, incX, ref y, ref c, ldc, rows, cols);
        else if (path == IsaPath.VectorT && VectorTOps<T>.IsAccelerated && cols >= Vector<T>.Count)
            Vectorized<T, Vector<T>, VectorTOps<T>>.Run(alpha, ref x, incX, ref y, ref c, ldc, rows, cols);
        else
            for (int i = 0; i < rows; i++)
                Tail(alpha * Unsafe.Add(ref x, i * incX), ref y, ref Unsafe.Add(ref c, i * ldc), 0, cols);
    }

    // The columns past the last whole vector (and the scalar path): the same one fused multiply-add per element.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tail<T>(T s, ref T y, ref T c, nint from, nint cols) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (nint j = from; j < cols; j++)
            Unsafe.Add(ref c, j) = VectorMath.MultiplyAdd(s, Unsafe.Add(ref y, j), Unsafe.Add(ref c, j));
    }

    private static class Vectorized<T, TV, TOps>
        where T : unmanaged, IFloatingPointIeee754<T> where TV : struct where TOps : struct, IVectorOps<TV, T>
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Run(T alpha, ref T x, nint incX, ref T y, ref T c, nint ldc, int rows, int cols)
        {
            int i = 0;
            if ((long)rows * ldc * Unsafe.SizeOf<T>() <= FourRowMaxBytes)
                for (; i + 4 <= rows; i += 4)
                    FourRows(alpha, ref Unsafe.Add(ref x, i * incX), incX, ref y, ref Unsafe.Add(ref c, i * ldc), ldc, cols);
            for (; i < rows; i++)
                OneRow(alpha * Unsafe.Add(ref x, i * incX), ref y, ref Unsafe.Add(ref c, i * ldc), cols);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void FourRows(T alpha, ref T x, nint incX, ref T y, ref T c0, nint ldc, int cols)
        {
            T s0 = alpha * x, s1 = alpha * Unsafe.Add(ref x, incX), s2 = alpha * Unsafe.Add(ref x, 2 * incX), s3 = alpha * Unsafe.Add(ref x, 3 * incX);
            TV v0 = TOps.Broadcast(s0), v1 = TOps.Broadcast(s1), v2 = TOps.Broadcast(s2), v3 = TOps.Broadcast(s3);
            ref T c1 = ref Unsafe.Add(ref c0, ldc), c2 = ref Unsafe.Add(ref c0, 2 * ldc), c3 = ref Unsafe.Add(ref c0, 3 * ldc);
            nint w = TOps.Count, j = 0;
            for (; j + w <= cols; j += w)
            {
                TV yj = TOps.Load(ref y, j);
                TOps.Store(TOps.MultiplyAdd(v0, yj, TOps.Load(ref c0, j)), ref c0, j);
                TOps.Store(TOps.MultiplyAdd(v1, yj, TOps.Load(ref c1, j)), ref c1, j);
                TOps.Store(TOps.MultiplyAdd(v2, yj, TOps.Load(ref c2, j)), ref c2, j);
                TOps.Store(TOps.MultiplyAdd(v3, yj, TOps.Load(ref c3, j)), ref c3, j);
            }
            if (j < cols)
            {
                Tail(s0, ref y, ref c0, j, cols);
                Tail(s1, ref y, ref c1, j, cols);
                Tail(s2, ref y, ref c2, j, cols);
                Tail(s3, ref y, ref c3, j, cols);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void OneRow(T s, ref T y, ref T c, int cols)
        {
            // Pointers advance and the four offsets are constants, folded into the addressing: no index arithmetic per
            // vector. All four loads of C come before the stores, as in OpenBLAS's axpy, against 4K aliasing: a load of
            // y sharing its low 12 address bits with the store of C just before it would wait for that store.
            TV v = TOps.Broadcast(s);
            nint w = TOps.Count, j = 0;
            ref T yj = ref y, cj = ref c;
            for (; j + 4 * w <= cols; j += 4 * w)
            {
                TV c0 = TOps.Load(ref cj, 0), c1 = TOps.Load(ref cj, w), c2 = TOps.Load(ref cj, 2 * w), c3 = TOps.Load(ref cj, 3 * w);
                c0 = TOps.MultiplyAdd(v, TOps.Load(ref yj, 0), c0);
                c1 = TOps.MultiplyAdd(v, TOps.Load(ref yj, w), c1);
                c2 = TOps.MultiplyAdd(v, TOps.Load(ref yj, 2 * w), c2);
                c3 = TOps.MultiplyAdd(v, TOps.Load(ref yj, 3 * w), c3);
                TOps.Store(c0, ref cj, 0);
                TOps.Store(c1, ref cj, w);
                TOps.Store(c2, ref cj, 2 * w);
                TOps.Store(c3, ref cj, 3 * w);
                yj = ref Unsafe.Add(ref yj, 4 * w);
                cj = ref Unsafe.Add(ref cj, 4 * w);
            }
            for (; j + w <= cols; j += w)
                TOps.Store(TOps.MultiplyAdd(v, TOps.Load(ref y, j), TOps.Load(ref c, j)), ref c, j);
            Tail(s, ref y, ref c, j, cols);
        }
    }
}
