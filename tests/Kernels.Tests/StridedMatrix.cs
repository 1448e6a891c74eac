using System;
using System.Numerics;
using CommunityToolkit.HighPerformance;
using Kernels.Testing;

namespace Kernels.Tests;

/// <summary>
/// A rows×cols matrix stored with a row pitch larger than its width; the gap after each row holds a rogue value that
/// kernels must neither read into results nor overwrite.
/// </summary>
internal sealed class StridedMatrix<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static readonly T Rogue = T.CreateChecked(-98765.4375);

    public StridedMatrix(int rows, int cols, int gap, ulong seed, double min = -1, double max = 1)
    {
        Rows = rows; Cols = cols; Stride = cols + gap;
        Buffer = new T[Math.Max(0, rows * Stride)];
        Buffer.AsSpan().Fill(Rogue);
        var row = new T[cols];
        for (int i = 0; i < rows; i++)
        {
            TestData.FillUniform<T>(row, seed + (ulong)i * 7919, min, max);
            row.CopyTo(Buffer.AsSpan(i * Stride, cols));
        }
    }

    public int Rows { get; }
    public int Cols { get; }
    public int Stride { get; }
    public T[] Buffer { get; }

    public Span2D<T> View => new(Buffer, 0, Rows, Cols, Stride - Cols);

    public StridedMatrix<T> Clone(int gap)
    {
        var m = new StridedMatrix<T>(Rows, Cols, gap, 0);
        for (int i = 0; i < Rows; i++)
            Buffer.AsSpan(i * Stride, Cols).CopyTo(m.Buffer.AsSpan(i * m.Stride, Cols));
        return m;
    }

    /// <summary>The matrix elements, densely packed row by row.</summary>
    public T[] Dense()
    {
        var d = new T[Rows * Cols];
        for (int i = 0; i < Rows; i++)
            Buffer.AsSpan(i * Stride, Cols).CopyTo(d.AsSpan(i * Cols, Cols));
        return d;
    }

    /// <summary>Throws unless every gap element still holds the rogue value.</summary>
    public void AssertGapsUntouched(string context)
    {
        for (int i = 0; i < Rows; i++)
            for (int j = Cols; j < Stride; j++)
                if (!Buffer[i * Stride + j].Equals(Rogue))
                    throw new InvalidOperationException($"{context}: gap element [{i}, {j}] was overwritten with {Buffer[i * Stride + j]}.");
    }
}
