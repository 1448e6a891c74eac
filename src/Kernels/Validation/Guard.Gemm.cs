using System;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Kernels.Matrices;

namespace Kernels.Validation;

/// <summary>The checks every GEMM entry point makes before touching C: shapes, leading dimensions, buffer lengths, aliasing.</summary>
internal static partial class Guard
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transposes(Transpose transA, Transpose transB)
    {
        if ((uint)transA > (uint)Transpose.Trans || (uint)transB > (uint)Transpose.Trans)
            ThrowTranspose(transA, transB);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Dimensions(int m, int n, int k)
    {
        if ((m | n | k) < 0)
            ThrowDimension(m, n, k);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Parallelism(int maxDegreeOfParallelism)
    {
        if (maxDegreeOfParallelism < 1)
            ThrowParallelism(maxDegreeOfParallelism);
    }

    /// <summary>A stored rows×cols matrix in a buffer of <paramref name="bufferLength"/> elements with row pitch <paramref name="ld"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Operand(string matrix, string bufferName, string ldName, int rows, int cols, int ld, int bufferLength, string shapeNote)
    {
        if (ld < cols || ld < 1 || bufferLength < (rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * ld + cols))
            ThrowOperand(matrix, bufferName, ldName, rows, cols, ld, bufferLength, shapeNote);
    }

    /// <summary>A stored rows×cols matrix with row pitch <paramref name="ld"/> (no buffer to check).</summary>
    public static void LeadingDimension(string matrix, string ldName, int rows, int cols, int ld, string shapeNote)
    {
        if (ld < cols || ld < 1)
            ThrowOperand(matrix, "", ldName, rows, cols, ld, int.MaxValue, shapeNote);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void GemmOutputDisjoint<T>(in MatrixView<T> c, in MatrixView<T> other, string otherName)
    {
        if (MatrixView<T>.Overlap(c, other))
            ThrowGemmOverlap(otherName);
    }

    /// <summary>
    /// C (m×n, row pitch ldc) shares no element with the stored operand X (rows×cols, pitch ldx). The common case, ranges
    /// apart, is a few compares on values in registers; only ranges that interleave take the exact test.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void GemmOutputDisjoint<T>(ref T c, int m, int n, nint ldc, ref T x, int rows, int cols, nint ldx, string xName)
    {
        nint cExtent = m == 0 || n == 0 ? 0 : (m - 1) * ldc + n;
        nint xExtent = rows == 0 || cols == 0 ? 0 : (rows - 1) * ldx + cols;
        if (MatrixView<T>.RangesOverlap(ref c, cExtent, ref x, xExtent) && Interleaved(ref c, m, n, ldc, ref x, rows, cols, ldx))
            ThrowGemmOverlap(xName);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool Interleaved<T>(ref T c, int m, int n, nint ldc, ref T x, int rows, int cols, nint ldx) =>
        MatrixView<T>.Overlap(new MatrixView<T>(ref c, m, n, ldc), new MatrixView<T>(ref x, rows, cols, ldx));

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowTranspose(Transpose transA, Transpose transB)
    {
        if (transA is not (Transpose.NoTrans or Transpose.Trans))
            throw new ArgumentOutOfRangeException(nameof(transA), transA, "Not a Transpose value.");
        throw new ArgumentOutOfRangeException(nameof(transB), transB, "Not a Transpose value.");
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowDimension(int m, int n, int k)
    {
        NonNegative(m, nameof(m));
        NonNegative(n, nameof(n));
        NonNegative(k, nameof(k));
        throw new UnreachableException();
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowParallelism(int maxDegreeOfParallelism) =>
        throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism,
            "The degree of parallelism must be at least 1 (1 = run on the calling thread only).");

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowOperand(string matrix, string bufferName, string ldName, int rows, int cols, int ld, int bufferLength, string shapeNote)
    {
        if (ld < Math.Max(1, cols))
            throw new ArgumentOutOfRangeException(ldName,
                $"'{ldName}' is {ld} but must be at least {Math.Max(1, cols)}, the row length of {matrix} as stored ({rows}×{cols}{shapeNote}).");
        long required = rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * ld + cols;
        throw new ArgumentException(
            $"'{bufferName}' has {bufferLength} elements but {matrix} ({rows}×{cols}{shapeNote}, {ldName} = {ld}) needs (rows − 1)·{ldName} + cols = {required}.",
            bufferName);
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowGemmOverlap(string otherName) =>
        throw new ArgumentException($"'c' overlaps '{otherName}'; the output of a GEMM must not share memory with its inputs.", "c");
}
