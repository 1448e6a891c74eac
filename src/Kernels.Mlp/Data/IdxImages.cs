using System;
using System.Numerics;
using CommunityToolkit.HighPerformance;

namespace Kernels.Mlp.Data;

/// <summary>
/// Images read from an IDX file: <see cref="Count"/> images of <see cref="Rows"/>×<see cref="Columns"/> pixels, each
/// flattened row-major into one row of the <see cref="Pixels"/> matrix and scaled from 0…255 to [0, 1] (v/255, so 0 and
/// 255 map to exactly 0 and 1). The matrix is the input layout of <see cref="Network{T}"/> and <see cref="Trainer{T}"/>:
/// one sample per row.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class IdxImages<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _pixels;

    internal IdxImages(T[] pixels, int count, int rows, int columns)
    {
        _pixels = pixels;
        Count = count;
        Rows = rows;
        Columns = columns;
    }

    /// <summary>Number of images.</summary>
    public int Count { get; }

    /// <summary>Pixel rows per image (28 for MNIST).</summary>
    public int Rows { get; }

    /// <summary>Pixel columns per image (28 for MNIST).</summary>
    public int Columns { get; }

    /// <summary>Rows·Columns: the width of one sample (784 for MNIST).</summary>
    public int PixelsPerImage => Rows * Columns;

    /// <summary>
    /// All images, <see cref="Count"/>×<see cref="PixelsPerImage"/>, one image per row, values in [0, 1]. Writable (to
    /// standardise the data in place, say); converts implicitly to <see cref="ReadOnlySpan2D{T}"/>.
    /// </summary>
    public Span2D<T> Pixels => new(_pixels, Count, PixelsPerImage);

    /// <summary>One image, flattened row-major.</summary>
    /// <param name="index">0 ≤ index &lt; <see cref="Count"/>.</param>
    /// <returns>Its <see cref="PixelsPerImage"/> values.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is out of range.</exception>
    public Span<T> Image(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _pixels.AsSpan(index * PixelsPerImage, PixelsPerImage);
    }
}
