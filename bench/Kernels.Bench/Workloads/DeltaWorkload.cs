using System.Collections.Generic;
using System.Numerics;
using Kernels.Bench.Machine;
using Kernels.Testing.Reference;
using Kernels.Testing;

namespace Kernels.Bench.Workloads;

/// <summary>
/// The fused back-propagation step δ = g ⊙ σ'(a) (ElementWise.MultiplyByActivationDerivative, 12 bytes per float element),
/// against the two passes it replaces: σ'(a) into a temporary, then ElementWise.Multiply.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
/// <param name="activation">σ.</param>
/// <param name="level">The memory level g, a and δ fill.</param>
public sealed class DeltaWorkload<T>(Activation activation, MemoryLevel level) : Workload<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _n = WorkingSets.Elements(level, 3, ElementSize);
    private Native.AlignedBuffer<T> _g = null!, _a = null!, _d = null!, _tmp = null!;

    /// <inheritdoc/>
    public override WorkProfile Profile => new($"Delta.{activation}", $"n={_n}", TypeName, level, AccessPattern.Triad, 3.0 * _n * ElementSize, 0, PerformanceMetric.Bandwidth);

    /// <inheritdoc/>
    public override void Allocate()
    {
        _g = Uniform(_n, 61, -4, 4);
        _a = Uniform(_n, 62, -1, 1);
        TestData.Sprinkle(_a.Span, 63, 0.1, T.Zero); // exact zeros, which matter for ReLU (as in the tests)
        _d = Buffer(_n);
        _tmp = Buffer(_n);
    }

    /// <inheritdoc/>
    public override void Naive() => ElementWiseReference.MultiplyByActivationDerivative<T>(activation, _g.Span, _a.Span, _d.Span);

    /// <inheritdoc/>
    public override void Kernels() => ElementWise.MultiplyByActivationDerivative<T>(activation, _g.Span, _a.Span, _d.Span);

    /// <summary>The unfused form: σ'(a) into a temporary, then the Hadamard product with g.</summary>
    public void TwoPass()
    {
        UnfusedDerivative.Compute<T>(activation, _a.Span, _tmp.Span);
        ElementWise.Multiply<T>(_g.Span, _tmp.Span, _d.Span);
    }

    /// <inheritdoc/>
    public override IEnumerable<Variant> Alternatives() => [new("two-pass", VariantKind.TwoPass, null, TwoPass)];

    /// <inheritdoc/>
    protected override T[] Output() => _d.Span.ToArray();

    /// <inheritdoc/>
    protected override ComparisonResult Compare(T[] expected, T[] actual) => Bounds.Exact(expected, actual);
}
