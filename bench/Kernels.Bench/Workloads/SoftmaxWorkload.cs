using System;
using System.Collections.Generic;
using System.Numerics;
using CommunityToolkit.HighPerformance;
using Kernels.Bench.Machine;
using Kernels.Testing.Reference;
using Kernels.Testing;

namespace Kernels.Bench.Workloads;

/// <summary>Softmax of every row, against TensorPrimitives.SoftMax row by row.</summary>
/// <typeparam name="T">float or double.</typeparam>
/// <param name="level">The memory level x and y fill.</param>
public sealed unsafe class SoftmaxWorkload<T>(MemoryLevel level) : Workload<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly (int Rows, int Cols) _shape = MatrixShapes.ForLevel(level, 2, ElementSize);
    private Native.AlignedBuffer<T> _x = null!, _y = null!;

    private ReadOnlySpan2D<T> X => new(_x.Pointer, _shape.Rows, _shape.Cols, 0);
    private Span2D<T> Y => new(_y.Pointer, _shape.Rows, _shape.Cols, 0);

    /// <inheritdoc/>
    public override WorkProfile Profile => new("SoftmaxRows", $"{_shape.Rows}x{_shape.Cols}", TypeName, level, AccessPattern.Copy,
        2.0 * _shape.Rows * _shape.Cols * ElementSize, 0, PerformanceMetric.Bandwidth);

    /// <inheritdoc/>
    public override void Allocate()
    {
        _x = Uniform(_shape.Rows * _shape.Cols, 91, -4, 4);
        _y = Buffer(_shape.Rows * _shape.Cols);
    }

    /// <inheritdoc/>
    public override void Naive() => MatrixOpsReference.SoftmaxRows(X, Y);

    /// <inheritdoc/>
    public override void Kernels() => MatrixOps.SoftmaxRows(X, Y);

    /// <summary>TensorPrimitives.SoftMax on each row.</summary>
    public void TensorPrimitives()
    {
        int cols = _shape.Cols;
        Span<T> x = _x.Span, y = _y.Span;
        for (int i = 0; i < _shape.Rows; i++)
            System.Numerics.Tensors.TensorPrimitives.SoftMax<T>(x.Slice(i * cols, cols), y.Slice(i * cols, cols));
    }

    /// <inheritdoc/>
    public override IEnumerable<Variant> Alternatives() => [new("TensorPrimitives", VariantKind.TensorPrimitives, null, TensorPrimitives)];

    /// <inheritdoc/>
    protected override T[] Output() => _y.Span.ToArray();

    /// <inheritdoc/>
    protected override ComparisonResult Compare(T[] expected, T[] actual) => Bounds.Softmax(_shape.Cols, expected, actual);
}
