using System;
using System.Collections.Generic;
using System.Numerics;
using CommunityToolkit.HighPerformance;
using Kernels.Bench.Machine;
using Kernels.Testing.Reference;
using Kernels.Testing;

namespace Kernels.Bench.Workloads;

/// <summary>Column sums s[j] = Σ_i x[i, j] (a bias gradient), against TensorPrimitives.Add accumulating row after row.</summary>
/// <typeparam name="T">float or double.</typeparam>
/// <param name="level">The memory level x fills.</param>
public sealed unsafe class SumColumnsWorkload<T>(MemoryLevel level) : Workload<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly (int Rows, int Cols) _shape = MatrixShapes.ForLevel(level, 1, ElementSize);
    private Native.AlignedBuffer<T> _x = null!, _s = null!;

    private ReadOnlySpan2D<T> X => new(_x.Pointer, _shape.Rows, _shape.Cols, 0);

    /// <inheritdoc/>
    public override WorkProfile Profile => new("SumColumns", $"{_shape.Rows}x{_shape.Cols}", TypeName, level, AccessPattern.Read,
        (double)_shape.Rows * _shape.Cols * ElementSize, (double)_shape.Rows * _shape.Cols, PerformanceMetric.Bandwidth);

    /// <inheritdoc/>
    public override void Allocate()
    {
        _x = Uniform(_shape.Rows * _shape.Cols, 111, -4, 4);
        _s = Buffer(_shape.Cols);
    }

    /// <inheritdoc/>
    public override void Naive() => MatrixOpsReference.SumColumns(X, _s.Span);

    /// <inheritdoc/>
    public override void Kernels() => MatrixOps.SumColumns(X, _s.Span);

    /// <summary>The first row copied, then TensorPrimitives.Add of each further row into the sums (same order as the reference).</summary>
    public void TensorPrimitives()
    {
        int cols = _shape.Cols;
        Span<T> x = _x.Span, s = _s.Span;
        x[..cols].CopyTo(s);
        for (int i = 1; i < _shape.Rows; i++)
            System.Numerics.Tensors.TensorPrimitives.Add<T>(s, x.Slice(i * cols, cols), s);
    }

    /// <inheritdoc/>
    public override IEnumerable<Variant> Alternatives() => [new("TensorPrimitives", VariantKind.TensorPrimitives, null, TensorPrimitives)];

    /// <inheritdoc/>
    protected override T[] Output() => _s.Span.ToArray();

    /// <inheritdoc/>
    protected override ComparisonResult Compare(T[] expected, T[] actual) => Bounds.Exact(expected, actual);
}
