using System.Numerics;
using System.Runtime.CompilerServices;
using Kernels.Simd;
using Kernels.Vectors;

namespace Kernels.Matrices;

/// <summary>
/// Matrix–vector products on contiguous rows, by ISA path: the dot form y[i] = Σ_p M[i, p]·x[p] (rows of M contiguous in
/// p) and the axpy form y = Σ_p x[p]·M[p, :] (rows of M contiguous in the output index).
/// </summary>
internal static class MatrixVector<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>y[i·incY] = α·(M[i, :]·x) + β·y[i·incY] for i in [0, rows).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void DotForm(ref T m, nint ldm, ref T x, int k, ref T y, nint incY, int rows, T alpha, T beta, IsaPath path)
    {
        if (path >= IsaPath.Vector256 && Vector256Ops<T>.IsAccelerated)
            MatrixVectorKernels<T, System.Runtime.Intrinsics.Vector256<T>, Vector256Ops<T>>.DotForm(ref m, ldm, ref x, k, ref y, incY, rows, alpha, beta);
        else if (path >= IsaPath.Vector128 && Vector128Ops<T>.IsAccelerated)
            MatrixVectorKernels<T, System.Runtime.Intrinsics.Vector128<T>, Vector128Ops<T>>.DotForm(ref m, ldm, ref x, k, ref y, incY, rows, alpha, beta);
        else if (path == IsaPath.VectorT && VectorTOps<T>.IsAccelerated)
            MatrixVectorKernels<T, Vector<T>, VectorTOps<T>>.DotForm(ref m, ldm, ref x, k, ref y, incY, rows, alpha, beta);
        else
            for (int i = 0; i < rows; i++)
                Finish(ref Unsafe.Add(ref y, i * incY), Reductions.Dot(ref Unsafe.Add(ref m, i * ldm), ref x, (nuint)k, IsaPath.Scalar), alpha, beta);
    }

    /// <summary>y[0..n) = α·Σ_p x[p]·M[p, 0..n) + β·y, y contiguous; β = 0 means y is not read.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void AxpyForm(ref T m, nint ldm, ref T x, int k, ref T y, int n, T alpha, T beta, IsaPath path)
    {
        if (path >= IsaPath.Vector256 && Vector256Ops<T>.IsAccelerated && n >= Vector256Ops<T>.Count)
            MatrixVectorKernels<T, System.Runtime.Intrinsics.Vector256<T>, Vector256Ops<T>>.AxpyForm(ref m, ldm, ref x, k, ref y, n, alpha, beta);
        else if (path >= IsaPath.Vector128 && Vector128Ops<T>.IsAccelerated && n >= Vector128Ops<T>.Count)
            MatrixVectorKernels<T, System.Runtime.Intrinsics.Vector128<T>, Vector128Ops<T>>.AxpyForm(ref m, ldm, ref x, k, ref y, n, alpha, beta);
        else if (path == IsaPath.VectorT && VectorTOps<T>.IsAccelerated && n >= VectorTOps<T>.Count)
            MatrixVectorKernels<T, Vector<T>, VectorTOps<T>>.AxpyForm(ref m, ldm, ref x, k, ref y, n, alpha, beta);
        else
            AxpyScalar(ref m, ldm, ref x, k, ref y, n, alpha, beta);
    }

    // Scalar path and vectors shorter than one register: column by column, products and sums rounded separately.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AxpyScalar(ref T m, nint ldm, ref T x, int k, ref T y, int n, T alpha, T beta)
    {
        for (int j = 0; j < n; j++)
        {
            T s = T.Zero;
            for (int p = 0; p < k; p++)
                s += Unsafe.Add(ref x, p) * Unsafe.Add(ref m, p * ldm + j);
            ref T yj = ref Unsafe.Add(ref y, j);
            yj = beta == T.Zero ? alpha * s : alpha * s + (beta == T.One ? yj : beta * yj);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Finish(ref T c, T dot, T alpha, T beta) =>
        c = beta == T.Zero ? alpha * dot : VectorMath.MultiplyAdd(alpha, dot, beta == T.One ? c : beta * c);

}
