using System.Collections.Generic;
using System.Numerics;
using Kernels.Bench.Machine;
using Kernels.Bench.Native;
using Kernels.Testing.Reference;
using Kernels.Testing;

namespace Kernels.Bench.Workloads;

/// <summary>BLAS axpy y += αx (12 bytes per float element), against TensorPrimitives.MultiplyAdd and OpenBLAS ?axpy.</summary>
/// <typeparam name="T">float or double.</typeparam>
/// <param name="level">The memory level the two vectors (x, and y read and written) fill.</param>
/// <remarks>Timed calls keep accumulating into y (|y| grows by at most 5.2 a call, far from overflow); checks start from the original y.</remarks>
public sealed class AxpyWorkload<T>(MemoryLevel level) : Workload<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly T s_alpha = T.CreateChecked(-1.3);
    private readonly int _n = WorkingSets.Elements(level, 2, ElementSize);
    private Native.AlignedBuffer<T> _x = null!, _y = null!, _y0 = null!;

    /// <inheritdoc/>
    public override WorkProfile Profile => new("Axpy", $"n={_n}", TypeName, level, AccessPattern.ReadUpdate, 3.0 * _n * ElementSize, 2.0 * _n, PerformanceMetric.Bandwidth);

    /// <inheritdoc/>
    public override void Allocate()
    {
        _x = Uniform(_n, 41, -4, 4);
        _y0 = Uniform(_n, 42, -1, 1);
        _y = Buffer(_n);
        Reset();
    }

    /// <inheritdoc/>
    public override void Reset() => _y0.Span.CopyTo(_y.Span);

    /// <inheritdoc/>
    public override void Naive() => ElementWiseReference.Axpy<T>(s_alpha, _x.Span, _y.Span);

    /// <inheritdoc/>
    public override void Kernels() => ElementWise.Axpy<T>(s_alpha, _x.Span, _y.Span);

    /// <summary>TensorPrimitives.MultiplyAdd(x, α, y, y).</summary>
    public void TensorPrimitives() => System.Numerics.Tensors.TensorPrimitives.MultiplyAdd<T>(_x.Span, s_alpha, _y.Span, _y.Span);

    /// <summary>OpenBLAS cblas_?axpy.</summary>
    public void OpenBlasAxpy() => OpenBlas.Axpy<T>(s_alpha, _x.Span, _y.Span);

    /// <inheritdoc/>
    public override IEnumerable<Variant> Alternatives()
    {
        yield return new("TensorPrimitives", VariantKind.TensorPrimitives, null, TensorPrimitives);
        if (OpenBlas.IsAvailable) yield return new(OpenBlas.Name, VariantKind.OpenBlas, null, OpenBlasAxpy);
    }

    /// <inheritdoc/>
    protected override T[] Output() => _y.Span.ToArray();

    /// <inheritdoc/>
    protected override ComparisonResult Compare(T[] expected, T[] actual) => Bounds.Axpy<T>(s_alpha, _x.Span, _y0.Span, expected, actual);
}
