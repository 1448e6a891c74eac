using System;
using System.Collections.Generic;
using System.Numerics;
using CommunityToolkit.HighPerformance;
using Kernels.Bench.Machine;
using Kernels.Testing.Reference;
using Kernels.Testing;

namespace Kernels.Bench.Workloads;

/// <summary>
/// The fused dense-layer epilogue y = σ(x + b), against two Kernels passes (AddBias, then Activate in place) and
/// TensorPrimitives (Add then the activation, row by row).
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
/// <param name="activation">σ.</param>
/// <param name="level">The memory level x and y fill.</param>
public sealed unsafe class AddBiasActivateWorkload<T>(Activation activation, MemoryLevel level) : Workload<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly (int Rows, int Cols) _shape = MatrixShapes.ForLevel(level, 2, ElementSize);
    private Native.AlignedBuffer<T> _x = null!, _b = null!, _y = null!;

    private ReadOnlySpan2D<T> X => new(_x.Pointer, _shape.Rows, _shape.Cols, 0);
    private Span2D<T> Y => new(_y.Pointer, _shape.Rows, _shape.Cols, 0);

    /// <inheritdoc/>
    public override WorkProfile Profile => new($"AddBiasActivate.{activation}", $"{_shape.Rows}x{_shape.Cols}", TypeName, level, AccessPattern.Copy,
        2.0 * _shape.Rows * _shape.Cols * ElementSize, 0, PerformanceMetric.Bandwidth);

    /// <inheritdoc/>
    public override void Allocate()
    {
        _x = Uniform(_shape.Rows * _shape.Cols, 81, -4, 4);
        _b = Uniform(_shape.Cols, 82, -1, 1);
        _y = Buffer(_shape.Rows * _shape.Cols);
    }

    /// <inheritdoc/>
    public override void Naive() => MatrixOpsReference.AddBiasActivate(X, _b.Span, activation, Y);

    /// <inheritdoc/>
    public override void Kernels() => MatrixOps.AddBiasActivate(X, _b.Span, activation, Y);

    /// <summary>Two Kernels passes: AddBias, then Activate in place.</summary>
    public void TwoPass()
    {
        MatrixOps.AddBias(X, _b.Span, Y);
        ElementWise.Activate<T>(activation, _y.Span, _y.Span);
    }

    /// <summary>TensorPrimitives row by row: Add, then the activation in place.</summary>
    public void TensorPrimitives()
    {
        int cols = _shape.Cols;
        Span<T> x = _x.Span, y = _y.Span, b = _b.Span;
        for (int i = 0; i < _shape.Rows; i++)
        {
            Span<T> row = y.Slice(i * cols, cols);
            System.Numerics.Tensors.TensorPrimitives.Add<T>(x.Slice(i * cols, cols), b, row);
            switch (activation)
            {
                case Activation.Sigmoid: System.Numerics.Tensors.TensorPrimitives.Sigmoid<T>(row, row); break;
                case Activation.Tanh: System.Numerics.Tensors.TensorPrimitives.Tanh<T>(row, row); break;
                case Activation.Relu: System.Numerics.Tensors.TensorPrimitives.Max<T>(row, T.Zero, row); break;
                default: break;
            }
        }
    }

    /// <inheritdoc/>
    public override IEnumerable<Variant> Alternatives() =>
    [
        new("two-pass", VariantKind.TwoPass, null, TwoPass),
        new("TensorPrimitives", VariantKind.TensorPrimitives, null, TensorPrimitives),
    ];

    /// <inheritdoc/>
    protected override T[] Output() => _y.Span.ToArray();

    /// <inheritdoc/>
    protected override ComparisonResult Compare(T[] expected, T[] actual) =>
        activation is Activation.Sigmoid or Activation.Tanh ? Bounds.Transcendental(expected, actual) : Bounds.Exact(expected, actual);
}
