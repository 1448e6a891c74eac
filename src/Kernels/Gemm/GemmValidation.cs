using System;
using System.Runtime.CompilerServices;

namespace Kernels;

/// <summary>The checks every GEMM entry point makes before touching C: shapes, leading dimensions, buffer lengths, aliasing.</summary>
internal static class GemmValidation
{
    public static void Transposes(Transpose transA, Transpose transB)
    {
        if (transA is not (Transpose.NoTrans or Transpose.Trans))
            throw new ArgumentOutOfRangeException(nameof(transA), transA, "Not a Transpose value.");
        if (transB is not (Transpose.NoTrans or Transpose.Trans))
            throw new ArgumentOutOfRangeException(nameof(transB), transB, "Not a Transpose value.");
    }

    public static void Dimensions(int m, int n, int k)
    {
        Guard.NonNegative(m, nameof(m));
        Guard.NonNegative(n, nameof(n));
        Guard.NonNegative(k, nameof(k));
    }

    public static void Parallelism(int maxDegreeOfParallelism)
    {
        if (maxDegreeOfParallelism < 1)
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism,
                "The degree of parallelism must be at least 1 (1 = run on the calling thread only).");
    }

    /// <summary>
    /// A stored rows×cols operand with leading dimension ld in a buffer of the given length: ld ≥ max(1, cols) and the
    /// buffer holds (rows − 1)·ld + cols elements.
    /// </summary>
    public static void Operand(string matrix, string bufferName, string ldName, int rows, int cols, int ld, int bufferLength, string shapeNote)
    {
        if (ld < Math.Max(1, cols))
            throw new ArgumentOutOfRangeException(ldName, ld,
                $"'{ldName}' is {ld} but must be at least {Math.Max(1, cols)}, the row length of {matrix} as stored ({rows}×{cols}{shapeNote}).");
        long required = rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * ld + cols;
        if (bufferLength < required)
            throw new ArgumentException(
                $"'{bufferName}' has {bufferLength} elements but {matrix} ({rows}×{cols}{shapeNote}, {ldName} = {ld}) needs (rows − 1)·{ldName} + cols = {required}.",
                bufferName);
    }

    public static void NoOverlap<T>(in MatrixView<T> c, in MatrixView<T> other, string otherName)
    {
        if (MatrixView<T>.Overlap(c, other))
            throw new ArgumentException($"'c' overlaps '{otherName}'; the output of a GEMM must not share memory with its inputs.", "c");
    }
}
