using System;
using System.Collections.Generic;
using System.Numerics;
using Kernels.Bench.Machine;
using Kernels.Testing.Reference;
using Kernels.Testing;

namespace Kernels.Bench.Workloads;

/// <summary>
/// An activation a = σ(z), against TensorPrimitives.Sigmoid, TensorPrimitives.Tanh, or TensorPrimitives.Max(z, 0) for ReLU.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
/// <param name="activation">σ.</param>
/// <param name="level">The memory level z and a fill.</param>
public sealed class ActivationWorkload<T>(Activation activation, MemoryLevel level) : Workload<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _n = WorkingSets.Elements(level, 2, ElementSize);
    private Native.AlignedBuffer<T> _z = null!, _a = null!;

    /// <inheritdoc/>
    public override WorkProfile Profile => new(activation.ToString(), $"n={_n}", TypeName, level, AccessPattern.Copy, 2.0 * _n * ElementSize, 0, PerformanceMetric.Bandwidth);

    /// <inheritdoc/>
    public override void Allocate()
    {
        _z = Uniform(_n, 51, -4, 4); // leaves the linear range of sigmoid and tanh, as the tests do
        _a = Buffer(_n);
    }

    /// <inheritdoc/>
    public override void Naive() => ElementWiseReference.Activate<T>(activation, _z.Span, _a.Span);

    /// <inheritdoc/>
    public override void Kernels() => ElementWise.Activate<T>(activation, _z.Span, _a.Span);

    /// <summary>The TensorPrimitives function with the same result.</summary>
    public void TensorPrimitives()
    {
        switch (activation)
        {
            case Activation.Sigmoid: System.Numerics.Tensors.TensorPrimitives.Sigmoid<T>(_z.Span, _a.Span); break;
            case Activation.Tanh: System.Numerics.Tensors.TensorPrimitives.Tanh<T>(_z.Span, _a.Span); break;
            case Activation.Relu: System.Numerics.Tensors.TensorPrimitives.Max<T>(_z.Span, T.Zero, _a.Span); break;
            default: _z.Span.CopyTo(_a.Span); break;
        }
    }

    /// <inheritdoc/>
    public override IEnumerable<Variant> Alternatives() => [new("TensorPrimitives", VariantKind.TensorPrimitives, null, TensorPrimitives)];

    /// <inheritdoc/>
    protected override T[] Output() => _a.Span.ToArray();

    /// <inheritdoc/>
    protected override ComparisonResult Compare(T[] expected, T[] actual) =>
        activation is Activation.Sigmoid or Activation.Tanh ? Bounds.Transcendental(expected, actual) : Bounds.Exact(expected, actual);
}
