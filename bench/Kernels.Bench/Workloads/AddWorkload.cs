using System.Collections.Generic;
using System.Numerics;
using Kernels.Bench.Machine;
using Kernels.Testing.Reference;
using Kernels.Testing;

namespace Kernels.Bench.Workloads;

/// <summary>The element-wise sum z = x + y, against TensorPrimitives.Add.</summary>
/// <typeparam name="T">float or double.</typeparam>
/// <param name="level">The memory level the three vectors fill.</param>
public sealed class AddWorkload<T>(MemoryLevel level) : Workload<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _n = WorkingSets.Elements(level, 3, ElementSize);
    private Native.AlignedBuffer<T> _x = null!, _y = null!, _z = null!;

    /// <inheritdoc/>
    public override WorkProfile Profile => new("Add", $"n={_n}", TypeName, level, AccessPattern.Triad, 3.0 * _n * ElementSize, _n, PerformanceMetric.Bandwidth);

    /// <inheritdoc/>
    public override bool HasVector512Body => true;

    /// <inheritdoc/>
    public override void Allocate()
    {
        _x = Uniform(_n, 21, -4, 4);
        _y = Uniform(_n, 22, -1, 1);
        _z = Buffer(_n);
    }

    /// <inheritdoc/>
    public override void Naive() => ElementWiseReference.Add<T>(_x.Span, _y.Span, _z.Span);

    /// <inheritdoc/>
    public override void Kernels() => ElementWise.Add<T>(_x.Span, _y.Span, _z.Span);

    /// <summary>TensorPrimitives.Add.</summary>
    public void TensorPrimitives() => System.Numerics.Tensors.TensorPrimitives.Add<T>(_x.Span, _y.Span, _z.Span);

    /// <inheritdoc/>
    public override IEnumerable<Variant> Alternatives() => [new("TensorPrimitives", VariantKind.TensorPrimitives, null, TensorPrimitives)];

    /// <inheritdoc/>
    protected override T[] Output() => _z.Span.ToArray();

    /// <inheritdoc/>
    protected override ComparisonResult Compare(T[] expected, T[] actual) => Bounds.Exact(expected, actual);
}
