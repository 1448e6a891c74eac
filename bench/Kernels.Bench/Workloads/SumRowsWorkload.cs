using System;
using System.Collections.Generic;
using System.Numerics;
using CommunityToolkit.HighPerformance;
using Kernels.Bench.Machine;
using Kernels.Testing.Reference;
using Kernels.Testing;

namespace Kernels.Bench.Workloads;

/// <summary>Row sums s[i] = Σ_j x[i, j], against TensorPrimitives.Sum row by row.</summary>
/// <typeparam name="T">float or double.</typeparam>
/// <param name="level">The memory level x fills.</param>
public sealed unsafe class SumRowsWorkload<T>(MemoryLevel level) : Workload<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly (int Rows, int Cols) _shape = MatrixShapes.ForLevel(level, 1, ElementSize);
    private Native.AlignedBuffer<T> _x = null!, _s = null!;

    private ReadOnlySpan2D<T> X => new(_x.Pointer, _shape.Rows, _shape.Cols, 0);

    /// <inheritdoc/>
    public override WorkProfile Profile => new("SumRows", $"{_shape.Rows}x{_shape.Cols}", TypeName, level, AccessPattern.Read,
        (double)_shape.Rows * _shape.Cols * ElementSize, (double)_shape.Rows * _shape.Cols, PerformanceMetric.Bandwidth);

    /// <inheritdoc/>
    public override void Allocate()
    {
        _x = Uniform(_shape.Rows * _shape.Cols, 101, -4, 4);
        _s = Buffer(_shape.Rows);
    }

    /// <inheritdoc/>
    public override void Naive() => MatrixOpsReference.SumRows(X, _s.Span);

    /// <inheritdoc/>
    public override void Kernels() => MatrixOps.SumRows(X, _s.Span);

    /// <summary>TensorPrimitives.Sum of each row.</summary>
    public void TensorPrimitives()
    {
        int cols = _shape.Cols;
        Span<T> x = _x.Span, s = _s.Span;
        for (int i = 0; i < _shape.Rows; i++)
            s[i] = System.Numerics.Tensors.TensorPrimitives.Sum<T>(x.Slice(i * cols, cols));
    }

    /// <inheritdoc/>
    public override IEnumerable<Variant> Alternatives() => [new("TensorPrimitives", VariantKind.TensorPrimitives, null, TensorPrimitives)];

    /// <inheritdoc/>
    protected override T[] Output() => _s.Span.ToArray();

    /// <inheritdoc/>
    protected override ComparisonResult Compare(T[] expected, T[] actual) =>
        Bounds.RowSums<T>(_x.Span, _shape.Rows, _shape.Cols, expected, actual);
}
