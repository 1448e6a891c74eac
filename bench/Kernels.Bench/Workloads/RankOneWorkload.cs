using System;
using System.Collections.Generic;
using System.Numerics;
using CommunityToolkit.HighPerformance;
using Kernels.Bench.Machine;
using Kernels.Bench.Native;
using Kernels.Testing.Reference;
using Kernels.Testing;

namespace Kernels.Bench.Workloads;

/// <summary>
/// The rank-1 update C += α·x·yᵀ on a square n×n matrix (BLAS ger; 8 bytes per float element of C), against OpenBLAS
/// cblas_?ger and TensorPrimitives.MultiplyAdd row by row.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
/// <param name="n">The order of C.</param>
/// <remarks>Timed calls keep accumulating into C; checks start from the original C.</remarks>
public sealed unsafe class RankOneWorkload<T>(int n) : Workload<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly T s_alpha = T.CreateChecked(0.7);
    private Native.AlignedBuffer<T> _c = null!, _c0 = null!, _x = null!, _y = null!;

    private Span2D<T> C => new(_c.Pointer, n, n, 0);

    /// <inheritdoc/>
    public override WorkProfile Profile
    {
        get
        {
            double bytes = 2.0 * n * n * ElementSize;
            return new("RankOneUpdate", $"{n}x{n}", TypeName, WorkingSets.Classify((long)n * n * ElementSize), AccessPattern.Update,
                bytes, 2.0 * n * n, PerformanceMetric.Bandwidth);
        }
    }

    /// <inheritdoc/>
    public override void Allocate()
    {
        _c0 = Uniform(n * n, 121, -1, 1);
        _x = Uniform(n, 122, -1, 1);
        _y = Uniform(n, 123, -1, 1);
        _c = Buffer(n * n);
        Reset();
    }

    /// <inheritdoc/>
    public override void Reset() => _c0.Span.CopyTo(_c.Span);

    /// <inheritdoc/>
    public override void Naive() => MatrixOpsReference.RankOneUpdate<T>(s_alpha, _x.Span, _y.Span, C);

    /// <inheritdoc/>
    public override void Kernels() => MatrixOps.RankOneUpdate<T>(s_alpha, _x.Span, _y.Span, C);

    /// <summary>OpenBLAS cblas_?ger.</summary>
    public void OpenBlasGer() => OpenBlas.Ger<T>(s_alpha, _x.Span, _y.Span, _c.Span, n);

    /// <summary>TensorPrimitives.MultiplyAdd(y, α·x[i], C[i, :], C[i, :]) for each row.</summary>
    public void TensorPrimitives()
    {
        Span<T> c = _c.Span, x = _x.Span, y = _y.Span;
        for (int i = 0; i < n; i++)
        {
            Span<T> row = c.Slice(i * n, n);
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd<T>(y, s_alpha * x[i], row, row);
        }
    }

    /// <inheritdoc/>
    public override IEnumerable<Variant> Alternatives()
    {
        if (OpenBlas.IsAvailable) yield return new(OpenBlas.Name, VariantKind.OpenBlas, null, OpenBlasGer);
        yield return new("TensorPrimitives", VariantKind.TensorPrimitives, null, TensorPrimitives);
    }

    /// <inheritdoc/>
    protected override T[] Output() => _c.Span.ToArray();

    /// <inheritdoc/>
    protected override ComparisonResult Compare(T[] expected, T[] actual) =>
        Bounds.RankOne<T>(s_alpha, _c0.Span, _x.Span, _y.Span, expected, actual);
}
