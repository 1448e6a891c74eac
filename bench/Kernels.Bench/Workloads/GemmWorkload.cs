using System;
using System.Collections.Generic;
using System.Numerics;
using Kernels.Bench.Machine;
using Kernels.Bench.Native;
using Kernels.Reference;
using Kernels.Testing;

namespace Kernels.Bench.Workloads;

/// <summary>
/// GEMM C = α·A·B (β = 0, row-major, no transposes, one thread) through <c>Kernels.Blas.Sgemm/Dgemm</c>, against the
/// textbook triple loop (<c>GemmReference</c>) and OpenBLAS cblas_?gemm on one thread. Judged in GFLOPS (2·m·n·k per call).
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
/// <param name="kernel">The name in tables: <c>Gemm</c> for the square sizes the chart plots, <c>Gemm.Mlp</c> for layer shapes.</param>
/// <param name="m">Rows of A and C (the batch, for a dense layer).</param>
/// <param name="n">Columns of B and C (the layer's outputs).</param>
/// <param name="k">Columns of A, rows of B (the layer's inputs).</param>
public sealed class GemmWorkload<T>(string kernel, int m, int n, int k) : Workload<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly CacheSizes s_caches = CacheSizes.Detect();
    private Native.AlignedBuffer<T> _a = null!, _b = null!, _c = null!;
    private T[]? _expectedRows;
    private double[]? _gauge;

    /// <summary>A square n×n×n product, named <c>Gemm</c>.</summary>
    /// <param name="n">The order.</param>
    public GemmWorkload(int n) : this("Gemm", n, n, n) { }

    /// <inheritdoc/>
    public override WorkProfile Profile
    {
        get
        {
            double bytes = ((double)m * k + (double)k * n + (double)m * n) * ElementSize;
            return new(kernel, $"{m}x{n}x{k}", TypeName, WorkingSets.Classify((long)bytes, s_caches), AccessPattern.Triad,
                bytes, 2.0 * m * n * k, PerformanceMetric.Flops);
        }
    }

    /// <inheritdoc/>
    public override void Allocate()
    {
        _a = Uniform(m * k, 131, -1, 1);
        _b = Uniform(k * n, 132, -1, 1);
        _c = Buffer(m * n);
    }

    /// <inheritdoc/>
    public override void Naive() =>
        GemmReference.Gemm<T>(Transpose.NoTrans, Transpose.NoTrans, m, n, k, T.One, _a.Span, k, _b.Span, n, T.Zero, _c.Span, n);

    /// <inheritdoc/>
    public override void Kernels()
    {
        if (typeof(T) == typeof(float))
            Blas.Sgemm(Transpose.NoTrans, Transpose.NoTrans, m, n, k, 1f, Cast<float>(_a.Span), k, Cast<float>(_b.Span), n, 0f, Cast<float>(_c.Span), n);
        else if (typeof(T) == typeof(double))
            Blas.Dgemm(Transpose.NoTrans, Transpose.NoTrans, m, n, k, 1d, Cast<double>(_a.Span), k, Cast<double>(_b.Span), n, 0d, Cast<double>(_c.Span), n);
        else
            throw new NotSupportedException(typeof(T).Name);
    }

    /// <summary>OpenBLAS cblas_?gemm, one thread.</summary>
    public void OpenBlasGemm() => OpenBlas.Gemm<T>(false, false, m, n, k, T.One, _a.Span, k, _b.Span, n, T.Zero, _c.Span, n);

    /// <inheritdoc/>
    public override IEnumerable<Variant> Alternatives()
    {
        if (OpenBlas.IsAvailable) yield return new("OpenBLAS", VariantKind.OpenBlas, null, OpenBlasGemm);
    }

    /// <inheritdoc/>
    protected override T[] Output() => _c.Span.ToArray();

    /// <summary>
    /// Checks every row of C for small products and every <c>m/64</c>-th row for large ones (so the naive reference costs a
    /// fraction of a second at 1024³), under the tests' GEMM bound |Ĉ − C| ≤ γ_(k+2)·G with G = Σ|a||b| (GemmTests),
    /// doubled because the reference here is the naive loop in <typeparamref name="T"/>, itself within that bound of the
    /// exact product (Compare.InnerProductBound's rule). <see cref="Workload{T}.NaiveCallNs"/> is extrapolated to all rows.
    /// </summary>
    /// <param name="path">The path to force, or null.</param>
    /// <returns>The comparison over the checked rows.</returns>
    public override ComparisonResult Check(IsaPath? path)
    {
        int step = Math.Max(1, m / 64);
        int rows = (m + step - 1) / step;
        if (_expectedRows is null)
        {
            _expectedRows = new T[rows * n];
            _gauge = new double[rows * n];
            long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
            for (int r = 0; r < rows; r++)
                GemmReference.Gemm<T>(Transpose.NoTrans, Transpose.NoTrans, 1, n, k, T.One, _a.Span.Slice(r * step * k, k), k, _b.Span, n,
                    T.Zero, _expectedRows.AsSpan(r * n, n), n);
            NaiveCallNs = System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalNanoseconds * m / rows;
            for (int r = 0; r < rows; r++)
                ErrorBounds.GemmGauge<T>(false, false, 1, n, k, 1.0, _a.Span.Slice(r * step * k, k), k, _b.Span, n, 0.0, ReadOnlySpan<T>.Empty, n,
                    _gauge.AsSpan(r * n, n));
        }
        _c.Span.Clear();
        using (path is { } p ? Isa.Force(p) : default)
            Kernels();
        var actual = new T[rows * n];
        for (int r = 0; r < rows; r++)
            _c.Span.Slice(r * step * n, n).CopyTo(actual.AsSpan(r * n, n));
        return Testing.Compare.InnerProductBound<T>(_expectedRows, actual, 2 * (k + 2), _gauge!);
    }

    /// <inheritdoc/>
    protected override ComparisonResult Compare(T[] expected, T[] actual) => throw new NotSupportedException("GemmWorkload overrides Check.");

    private static Span<TTo> Cast<TTo>(Span<T> s) where TTo : unmanaged => System.Runtime.InteropServices.MemoryMarshal.Cast<T, TTo>(s);
}
