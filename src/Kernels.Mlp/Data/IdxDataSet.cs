using System;
using System.Numerics;

namespace Kernels.Mlp.Data;

/// <summary>Images and their labels, read from a pair of IDX files and checked to have the same count.</summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class IdxDataSet<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int[] _labels;

    internal IdxDataSet(IdxImages<T> images, int[] labels)
    {
        Images = images;
        _labels = labels;
    }

    /// <summary>The images, one per row of <see cref="IdxImages{T}.Pixels"/>.</summary>
    public IdxImages<T> Images { get; }

    /// <summary>The label of each image (label i belongs to image i).</summary>
    public ReadOnlySpan<int> Labels => _labels;

    /// <summary>Number of samples.</summary>
    public int Count => _labels.Length;
}
