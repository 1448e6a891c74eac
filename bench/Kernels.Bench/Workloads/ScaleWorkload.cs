using System.Collections.Generic;
using System.Numerics;
using Kernels.Bench.Machine;
using Kernels.Testing.Reference;
using Kernels.Testing;

namespace Kernels.Bench.Workloads;

/// <summary>Scaling z = αx, against TensorPrimitives.Multiply by a scalar.</summary>
/// <typeparam name="T">float or double.</typeparam>
/// <param name="level">The memory level the two vectors fill.</param>
public sealed class ScaleWorkload<T>(MemoryLevel level) : Workload<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly T s_alpha = T.CreateChecked(-1.3);
    private readonly int _n = WorkingSets.Elements(level, 2, ElementSize);
    private Native.AlignedBuffer<T> _x = null!, _z = null!;

    /// <inheritdoc/>
    public override WorkProfile Profile => new("Scale", $"n={_n}", TypeName, level, AccessPattern.Copy, 2.0 * _n * ElementSize, _n, PerformanceMetric.Bandwidth);

    /// <inheritdoc/>
    public override bool HasVector512Body => true;

    /// <inheritdoc/>
    public override void Allocate()
    {
        _x = Uniform(_n, 31, -4, 4);
        _z = Buffer(_n);
    }

    /// <inheritdoc/>
    public override void Naive() => ElementWiseReference.Scale<T>(s_alpha, _x.Span, _z.Span);

    /// <inheritdoc/>
    public override void Kernels() => ElementWise.Scale<T>(s_alpha, _x.Span, _z.Span);

    /// <summary>TensorPrimitives.Multiply(x, α, z).</summary>
    public void TensorPrimitives() => System.Numerics.Tensors.TensorPrimitives.Multiply<T>(_x.Span, s_alpha, _z.Span);

    /// <inheritdoc/>
    public override IEnumerable<Variant> Alternatives() => [new("TensorPrimitives", VariantKind.TensorPrimitives, null, TensorPrimitives)];

    /// <inheritdoc/>
    protected override T[] Output() => _z.Span.ToArray();

    /// <inheritdoc/>
    protected override ComparisonResult Compare(T[] expected, T[] actual) => Bounds.Exact(expected, actual);
}
