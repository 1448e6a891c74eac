using System.Collections.Generic;
using System.Numerics;
using Kernels.Bench.Machine;
using Kernels.Testing.Reference;
using Kernels.Testing;

namespace Kernels.Bench.Workloads;

/// <summary>The Hadamard product z = x ⊙ y (12 bytes per float element), against TensorPrimitives.Multiply.</summary>
/// <typeparam name="T">float or double.</typeparam>
/// <param name="level">The memory level the three vectors fill.</param>
public sealed class HadamardWorkload<T>(MemoryLevel level) : Workload<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _n = WorkingSets.Elements(level, 3, ElementSize);
    private Native.AlignedBuffer<T> _x = null!, _y = null!, _z = null!;

    /// <inheritdoc/>
    public override WorkProfile Profile => new("Hadamard", $"n={_n}", TypeName, level, AccessPattern.Triad, 3.0 * _n * ElementSize, _n, PerformanceMetric.Bandwidth);

    /// <inheritdoc/>
    public override bool HasVector512Body => true;

    /// <inheritdoc/>
    public override void Allocate()
    {
        _x = Uniform(_n, 11, -4, 4);
        _y = Uniform(_n, 12, -1, 1);
        _z = Buffer(_n);
    }

    /// <inheritdoc/>
    public override void Naive() => ElementWiseReference.Multiply<T>(_x.Span, _y.Span, _z.Span);

    /// <inheritdoc/>
    public override void Kernels() => ElementWise.Multiply<T>(_x.Span, _y.Span, _z.Span);

    /// <summary>TensorPrimitives.Multiply.</summary>
    public void TensorPrimitives() => System.Numerics.Tensors.TensorPrimitives.Multiply<T>(_x.Span, _y.Span, _z.Span);

    /// <inheritdoc/>
    public override IEnumerable<Variant> Alternatives() => [new("TensorPrimitives", VariantKind.TensorPrimitives, null, TensorPrimitives)];

    /// <inheritdoc/>
    protected override T[] Output() => _z.Span.ToArray();

    /// <inheritdoc/>
    protected override ComparisonResult Compare(T[] expected, T[] actual) => Bounds.Exact(expected, actual);
}
