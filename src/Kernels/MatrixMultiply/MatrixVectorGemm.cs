using System.Numerics;
using System.Runtime.CompilerServices;
using Kernels.Matrices;
using Kernels.Simd;
using Kernels.Vectors;

namespace Kernels.MatrixMultiply;

/// <summary>
/// Matrix–vector products: the m = 1 or n = 1 GEMMs (batch-1 inference), which packing cannot help. Two shapes cover
/// all transposes: the dot form y[i] = Σ_p M[i, p]·x[p] (rows of M contiguous in p) and the axpy form
/// y = Σ_p x[p]·M[p, :] (rows of M contiguous in the output index). Strided vectors are gathered first.
/// </summary>
internal static class MatrixVectorGemm<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in GemmOperands<T> op, IsaPath path)
    {
        int k = op.K;
        if (op.M == 1 && op.N == 1)
        {
            ref T x = ref Contiguous(ref op.A, op.TransA ? op.Lda : 1, k, useY: false);
            ref T y = ref Contiguous(ref op.B, op.TransB ? 1 : op.Ldb, k, useY: true);
            MatrixVector<T>.Finish(ref op.C, Reductions.Dot(ref x, ref y, (nuint)k, path), op.Alpha, op.Beta);
        }
        else if (op.M == 1)
        {
            // c[0, :] = α·x·op(B) + β·c[0, :], x = row 0 of op(A).
            ref T x = ref Contiguous(ref op.A, op.TransA ? op.Lda : 1, k, useY: false);
            if (op.TransB)
                MatrixVector<T>.DotForm(ref op.B, op.Ldb, ref x, k, ref op.C, 1, op.N, op.Alpha, op.Beta, path);
            else
                MatrixVector<T>.AxpyForm(ref op.B, op.Ldb, ref x, k, ref op.C, op.N, op.Alpha, op.Beta, path);
        }
        else
        {
            // c[:, 0] = α·op(A)·x + β·c[:, 0], x = column 0 of op(B).
            ref T x = ref Contiguous(ref op.B, op.TransB ? 1 : op.Ldb, k, useY: false);
            if (!op.TransA)
            {
                MatrixVector<T>.DotForm(ref op.A, op.Lda, ref x, k, ref op.C, op.Ldc, op.M, op.Alpha, op.Beta, path);
            }
            else if (op.Ldc == 1)
            {
                MatrixVector<T>.AxpyForm(ref op.A, op.Lda, ref x, k, ref op.C, op.M, op.Alpha, op.Beta, path);
            }
            else
            {
                // The output column is strided: accumulate contiguously, then apply β and scatter.
                ref T y = ref PackBuffers<T>.Y(op.M);
                MatrixVector<T>.AxpyForm(ref op.A, op.Lda, ref x, k, ref y, op.M, op.Alpha, T.Zero, path);
                for (int i = 0; i < op.M; i++)
                {
                    ref T ci = ref Unsafe.Add(ref op.C, i * op.Ldc);
                    T v = Unsafe.Add(ref y, i);
                    ci = op.Beta == T.Zero ? v : op.Beta == T.One ? v + ci : VectorMath.MultiplyAdd(op.Beta, ci, v);
                }
            }
        }
    }

    /// <summary>
    /// Columns <paramref name="j0"/> to N − 1 of C, each as its own matrix–vector product (the GEMM drivers' thin last
    /// slivers). A call of its own, so the drivers' loops keep their inlining budget.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void EachColumn(in GemmOperands<T> op, int j0, IsaPath path)
    {
        for (int j = j0; j < op.N; j++)
            Run(op.Columns(j, 1), path);
    }

    /// <summary>
    /// The vector itself when its stride is 1, else a gathered copy in this thread's X (or Y) scratch buffer — fetched only
    /// then: the thread-static lookup is not free, and a contiguous vector (the usual case) needs none.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref T Contiguous(ref T v, nint stride, int length, bool useY)
    {
        if (stride == 1)
            return ref v;
        return ref Gather(ref v, stride, length, ref useY ? ref PackBuffers<T>.Y(length) : ref PackBuffers<T>.X(length));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ref T Gather(ref T v, nint stride, int length, ref T scratch)
    {
        for (int p = 0; p < length; p++)
            Unsafe.Add(ref scratch, p) = Unsafe.Add(ref v, p * stride);
        return ref scratch;
    }
}
