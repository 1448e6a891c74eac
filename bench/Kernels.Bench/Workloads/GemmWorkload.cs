using System;
using System.Collections.Generic;
using System.Numerics;
using Kernels.Bench.Machine;
using Kernels.Bench.Native;
using Kernels.Testing.Reference;
using Kernels.Testing;

namespace Kernels.Bench.Workloads;

/// <summary>The three GEMMs of a dense layer's shape, as a network runs them or as BLAS benchmarks write them.</summary>
public enum GemmForm
{
    /// <summary>(B×in)·(in×out), both operands stored as used (NoTrans×NoTrans): the form the GEMM targets are written in.</summary>
    Plain,

    /// <summary>The forward pass X·Wᵀ with W stored out×in (NoTrans×Trans): (B×in)·(out×in)ᵀ.</summary>
    Forward,

    /// <summary>The weight gradient δᵀ·X, with δ stored B×out and X B×in (Trans×NoTrans): an out×in result summed over the batch.</summary>
    WeightGradient,

    /// <summary>The forward product with X stored feature-major, in×B (Trans×NoTrans): (in×B)ᵀ·(in×out).</summary>
    InputsTransposed,

    /// <summary>The forward product with X stored in×B and W out×in (Trans×Trans): (in×B)ᵀ·(out×in)ᵀ.</summary>
    BothTransposed,

    /// <summary>The input gradient δ·W, with δ stored B×out and W out×in (NoTrans×NoTrans): B×in, what backpropagation passes on.</summary>
    InputGradient,
}

/// <summary>A dense layer's GEMM shape: a batch of <paramref name="Batch"/> samples through an <paramref name="Inputs"/>→<paramref name="Outputs"/> layer.</summary>
/// <param name="Batch">Samples (rows of X).</param>
/// <param name="Inputs">The layer's inputs (columns of X).</param>
/// <param name="Outputs">The layer's outputs.</param>
public sealed record GemmShape(int Batch, int Inputs, int Outputs)
{
    /// <summary>The five shapes of the [784, 256, 128, 10] network the GEMM targets name: batch 64 through each layer, one sample
    /// and a batch of 256 through the first.</summary>
    public static IReadOnlyList<GemmShape> Mlp { get; } =
        [new(64, 784, 256), new(64, 256, 128), new(64, 128, 10), new(1, 784, 256), new(256, 784, 256)];

    /// <summary>
    /// The shapes of the [784, 256, 128, 10] network's layers at batch 1, 32 and 128 (layer by layer, batch by batch),
    /// which the quick mode and <c>GemmLayoutBenchmarks</c> time in every <see cref="GemmForm"/>.
    /// </summary>
    public static IReadOnlyList<GemmShape> MlpBatches { get; } =
    [
        new(1, 784, 256), new(32, 784, 256), new(128, 784, 256),
        new(1, 256, 128), new(32, 256, 128), new(128, 256, 128),
        new(1, 128, 10), new(32, 128, 10), new(128, 128, 10),
    ];

    /// <summary>Tiny, non-square and narrow products, m×n×k: (20×20)·(20×4), (4×20)·(20×20), (5×7)·(7×3), the rank-2
    /// (24×2)·(2×24), (2×24)·(24×2), (12×24)·(24×12), and m or n of 8 or 12 at 256 ((8×256)·(256×256), (256×256)·(256×12)).</summary>
    public static IReadOnlyList<(int M, int N, int K)> Small { get; } =
        [(20, 4, 20), (4, 20, 20), (5, 3, 7), (24, 24, 2), (2, 2, 24), (12, 12, 24), (8, 256, 256), (256, 12, 256)];

    /// <summary>As the GEMM targets write it: <c>(64×784)·(784×256)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"({Batch}×{Inputs})·({Inputs}×{Outputs})";
}

/// <summary>
/// GEMM C = α·op(A)·op(B) (β = 0, row-major) through <c>Kernels.Blas.Sgemm/Dgemm</c>, on one thread or several, against
/// the textbook triple loop (<c>GemmReference</c>) and OpenBLAS cblas_?gemm on one thread. Judged in GFLOPS (2·m·n·k per call).
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
/// <remarks>
/// A multi-threaded case (<c>threads</c> &gt; 1, <c>maxDegreeOfParallelism</c>) is compared with Kernels on one thread, not
/// with OpenBLAS: the OpenBLAS the bench loads is asked for one thread (Debian's serial build has no other).
/// </remarks>
public sealed class GemmWorkload<T> : Workload<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    // The naive loop runs at about 2 GFLOPS here: 0.15 s a call at 512³, and BenchmarkDotNet wants dozens of calls.
    private const double NaiveSuiteMaxFlops = 2.0 * 512 * 512 * 512;
    private readonly string _kernel, _shape;
    // Beyond this many flops (1024³) the naive i-k-j loop is left out (over a second a call), except where the GEMM issue's
    // target names it (TimesSlowNaive); beyond 2048³ the BenchmarkDotNet suites leave the forced lower paths out too.
    private const double IkjMaxFlops = 2.0 * 1024 * 1024 * 1024, ForcedPathsSuiteMaxFlops = 2.0 * 2048 * 2048 * 2048;
    private readonly int _m, _n, _k, _lda, _ldb, _threads;
    private readonly bool _ta, _tb, _forcedPaths;
    private Native.AlignedBuffer<T> _a = null!, _b = null!, _c = null!;
    private T[]? _expectedRows;
    private double[]? _gauge;

    /// <summary>Creates the case.</summary>
    /// <param name="kernel">The name in tables: <c>Gemm</c> for the square sizes the chart plots, <c>Gemm.Mlp</c> for layer shapes.</param>
    /// <param name="shape">The shape as tables show it.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="transA">Whether A is stored k×m and used transposed.</param>
    /// <param name="transB">Whether B is stored n×k and used transposed.</param>
    /// <param name="threads">The degree of parallelism passed to Kernels.</param>
    /// <param name="forcedPaths">Whether the quick mode also times Kernels forced onto each lower path (false: the default path
    /// only, and Vector256 under Vector512).</param>
    public GemmWorkload(string kernel, string shape, int m, int n, int k, bool transA = false, bool transB = false, int threads = 1, bool forcedPaths = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        (_kernel, _shape, _m, _n, _k, _ta, _tb, _threads, _forcedPaths) = (kernel, shape, m, n, k, transA, transB, threads, forcedPaths);
        _lda = transA ? m : k;
        _ldb = transB ? k : n;
    }

    /// <summary>A square n×n×n product, named <c>Gemm</c>, shape <c>n×n×n</c> (with the thread count when above 1).</summary>
    /// <param name="n">The order.</param>
    /// <param name="threads">The degree of parallelism.</param>
    /// <param name="forcedPaths">Whether the quick mode also times the lower paths.</param>
    public GemmWorkload(int n, int threads = 1, bool forcedPaths = true)
        : this("Gemm", $"{n}x{n}x{n}" + (threads > 1 ? $", {threads} threads" : ""), n, n, n, threads: threads, forcedPaths: forcedPaths) { }

    /// <summary>A dense layer's GEMM in one of its forms, named <c>Gemm.Mlp</c>.</summary>
    /// <param name="shape">The layer and batch.</param>
    /// <param name="form">Which of the layer's products.</param>
    /// <param name="threads">The degree of parallelism.</param>
    /// <param name="forcedPaths">Whether the quick mode also times the lower paths.</param>
    /// <returns>The workload.</returns>
    public static GemmWorkload<T> Layer(GemmShape shape, GemmForm form, int threads = 1, bool forcedPaths = true)
    {
        ArgumentNullException.ThrowIfNull(shape);
        (int b, int i, int o) = (shape.Batch, shape.Inputs, shape.Outputs);
        (int m, int n, int k, bool ta, bool tb) = form switch
        {
            GemmForm.Plain => (b, o, i, false, false),
            GemmForm.Forward => (b, o, i, false, true),
            GemmForm.WeightGradient => (o, i, b, true, false),
            GemmForm.InputsTransposed => (b, o, i, true, false),
            GemmForm.BothTransposed => (b, o, i, true, true),
            GemmForm.InputGradient => (b, i, o, false, false),
            _ => throw new ArgumentOutOfRangeException(nameof(form), form, null),
        };
        return Stored("Gemm.Mlp", m, n, k, ta, tb, threads, forcedPaths);
    }

    /// <summary>A product named by its operands as stored (the <c>Gemm.Mlp</c> convention): <c>(20×20)·(20×4)</c>,
    /// <c>(32×784)·(256×784)ᵀ</c>, ᵀ marking an operand used transposed.</summary>
    /// <param name="kernel">The name in tables.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="transA">Whether A is stored k×m and used transposed.</param>
    /// <param name="transB">Whether B is stored n×k and used transposed.</param>
    /// <param name="threads">The degree of parallelism.</param>
    /// <param name="forcedPaths">Whether the quick mode also times the lower paths.</param>
    /// <returns>The workload.</returns>
    public static GemmWorkload<T> Stored(string kernel, int m, int n, int k, bool transA = false, bool transB = false, int threads = 1, bool forcedPaths = true)
    {
        string a = transA ? $"({k}×{m})ᵀ" : $"({m}×{k})", b = transB ? $"({n}×{k})ᵀ" : $"({k}×{n})";
        return new(kernel, a + "·" + b + (threads > 1 ? $", {threads} threads" : ""), m, n, k, transA, transB, threads, forcedPaths);
    }

    /// <inheritdoc/>
    public override WorkProfile Profile
    {
        get
        {
            double bytes = ((double)_m * _k + (double)_k * _n + (double)_m * _n) * ElementSize;
            return new(_kernel, _shape, TypeName, WorkingSets.Classify((long)bytes), AccessPattern.Triad,
                bytes, 2.0 * _m * _n * _k, PerformanceMetric.Flops, _threads);
        }
    }

    /// <inheritdoc/>
    public override bool TimesPortablePath => true;

    /// <summary>Square 1024³ in float on one thread: the GEMM issue's target of 30× the naive loop is stated there (about 1 s a call).</summary>
    public override bool TimesSlowNaive => typeof(T) == typeof(float) && _threads == 1 && _m == 1024 && _n == 1024 && _k == 1024;

    /// <inheritdoc/>
    public override bool HasVector512Body => true;

    /// <inheritdoc/>
    public override bool TimesForcedPaths => _forcedPaths;

    /// <inheritdoc/>
    public override string? ForcedPathsSkippedInSuites => 2.0 * _m * _n * _k > ForcedPathsSuiteMaxFlops
        ? "Kernels forced onto the lower paths not run beyond the flops of 2048³ (the scalar path takes about 30 s a call at 4096³)"
        : null;

    /// <inheritdoc/>
    public override KernelPlan? Plan()
    {
        var e = Gemm.Explain<T>(TransA, TransB, _m, _n, _k, T.One, _lda, _ldb, T.Zero, Math.Max(_n, 1), _threads);
        return new KernelPlan(e.Route.ToString(), e.Kernel, e.ToString());
    }

    /// <inheritdoc/>
    public override string? NaiveSkippedInSuites => 2.0 * _m * _n * _k > NaiveSuiteMaxFlops
        ? "not run beyond the flops of 512³ (at about 2 GFLOPS, 1 s a call at 1024³, 8 s at 2048³); the quick mode times it up to 512³"
        : null;

    /// <inheritdoc/>
    public override void Allocate()
    {
        _a = Uniform(_m * _k, 131, -1, 1);
        _b = Uniform(_k * _n, 132, -1, 1);
        _c = Buffer(_m * _n);
    }

    private Transpose TransA => _ta ? Transpose.Trans : Transpose.NoTrans;

    private Transpose TransB => _tb ? Transpose.Trans : Transpose.NoTrans;

    /// <inheritdoc/>
    public override void Naive() =>
        GemmReference.Gemm<T>(TransA, TransB, _m, _n, _k, T.One, _a.Span, _lda, _b.Span, _ldb, T.Zero, _c.Span, _n);

    /// <summary>The naive loop in i-k-j order (<see cref="IkjGemm"/>), the second baseline the GEMM issue's targets name.</summary>
    public void NaiveIkj() =>
        IkjGemm.Gemm<T>(_ta, _tb, _m, _n, _k, _a.Span, _lda, _b.Span, _ldb, _c.Span, _n);

    /// <inheritdoc/>
    public override void Kernels() => Kernels(_threads);

    /// <summary>Kernels on one thread, the reference of a multi-threaded case.</summary>
    public void KernelsOneThread() => Kernels(1);

    /// <summary>Kernels with a degree of parallelism of <paramref name="threads"/>, whatever the case's own.</summary>
    /// <param name="threads">At most this many threads.</param>
    public void Kernels(int threads)
    {
        if (typeof(T) == typeof(float))
            Blas.Sgemm(TransA, TransB, _m, _n, _k, 1f, Cast<float>(_a.Span), _lda, Cast<float>(_b.Span), _ldb, 0f, Cast<float>(_c.Span), _n, threads);
        else if (typeof(T) == typeof(double))
            Blas.Dgemm(TransA, TransB, _m, _n, _k, 1d, Cast<double>(_a.Span), _lda, Cast<double>(_b.Span), _ldb, 0d, Cast<double>(_c.Span), _n, threads);
        else
            throw new NotSupportedException(typeof(T).Name);
    }

    /// <summary>
    /// OpenBLAS on one thread: cblas_?gemm, or cblas_?gemv when m = 1 (one sample through a layer), the routine a BLAS
    /// caller uses for a matrix–vector product and the reference the GEMM targets name (OpenBLAS's gemm is several times
    /// slower there).
    /// </summary>
    public void OpenBlasGemm()
    {
        if (UsesGemv)
            // c (1×n) = a·op(B): y = op(B)ᵀ·x, B stored k×n (NoTrans: its transpose) or n×k (Trans: as stored); the one row
            // of op(A) is contiguous either way (A stored 1×k, or k×1 with a pitch of 1).
            OpenBlas.MatrixVectorGemm<T>(!_tb, _tb ? _n : _k, _tb ? _k : _n, T.One, _b.Span, _ldb, _a.Span, T.Zero, _c.Span);
        else
            OpenBlasGemmOnly();
    }

    /// <summary>
    /// Where k = 1 (a weight gradient at batch 1): C cleared, then OpenBLAS's cblas_?ger, C += op(A)·op(B) as an outer
    /// product, the routine a BLAS caller uses for a rank-1 product (its gemm is several times slower there).
    /// </summary>
    public void OpenBlasGer()
    {
        // op(A)'s one column and op(B)'s one row are contiguous whatever the layout (A stored m×1 or 1×m, B 1×n or n×1).
        _c.Span[..(_m * _n)].Clear();
        OpenBlas.Ger<T>(T.One, _a.Span[.._m], _b.Span[.._n], _c.Span, _n);
    }

    /// <summary>OpenBLAS's cblas_?gemm whatever the shape (where <see cref="OpenBlasGemm"/> calls gemv, the baseline is the faster of the two).</summary>
    public void OpenBlasGemmOnly() =>
        OpenBlas.Gemm<T>(_ta, _tb, _m, _n, _k, T.One, _a.Span, _lda, _b.Span, _ldb, T.Zero, _c.Span, _n);

    /// <summary>Whether <see cref="OpenBlasGemm"/> calls cblas_?gemv: one row of op(A) (m = 1).</summary>
    public bool UsesGemv => _m == 1 && _n > 1 && _k > 1;

    /// <summary>Whether <see cref="OpenBlasGer"/> applies: k = 1 (an outer product), with C more than one row and column.</summary>
    public bool UsesGer => _k == 1 && _m > 1 && _n > 1;

    /// <summary>The name of the OpenBLAS gemv variant: the baseline's name and <c>gemv</c>.</summary>
    public static string GemvVariantName => OpenBlas.Name + " gemv";

    /// <summary>The name of the OpenBLAS ger variant: the baseline's name and <c>ger</c>.</summary>
    public static string GerVariantName => OpenBlas.Name + " ger";

    /// <inheritdoc/>
    public override IEnumerable<Variant> Alternatives()
    {
        if (_threads > 1)
            yield return new("kernels, 1 thread", VariantKind.OneThread, null, KernelsOneThread);
        else
        {
            if (OpenBlas.IsAvailable)
            {
                // Where gemv (m = 1) or ger (k = 1) applies, that too: the baseline is the faster.
                if (UsesGemv) yield return new(GemvVariantName, VariantKind.OpenBlas, null, OpenBlasGemm);
                if (UsesGer) yield return new(GerVariantName, VariantKind.OpenBlas, null, OpenBlasGer);
                yield return new(OpenBlas.Name, VariantKind.OpenBlas, null, OpenBlasGemmOnly);
            }
            if (_m == _n && _n == _k && (2.0 * _m * _n * _k <= IkjMaxFlops || TimesSlowNaive))
                yield return new("naive i-k-j", VariantKind.OtherLoop, null, NaiveIkj);
        }
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
        int step = Math.Max(1, _m / 64);
        int rows = (_m + step - 1) / step;
        if (_expectedRows is null)
        {
            _expectedRows = new T[rows * _n];
            _gauge = new double[rows * _n];
            long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
            for (int r = 0; r < rows; r++)
                GemmReference.Gemm<T>(TransA, TransB, 1, _n, _k, T.One, RowOfA(r * step), _lda, _b.Span, _ldb,
                    T.Zero, _expectedRows.AsSpan(r * _n, _n), _n);
            NaiveCallNs = System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalNanoseconds * _m / rows;
            for (int r = 0; r < rows; r++)
                ErrorBounds.GemmGauge<T>(_ta, _tb, 1, _n, _k, 1.0, RowOfA(r * step), _lda, _b.Span, _ldb, 0.0, ReadOnlySpan<T>.Empty, _n,
                    _gauge.AsSpan(r * _n, _n));
        }
        _c.Span.Clear();
        using (path is { } p ? Isa.Force(p) : default)
            Kernels();
        var actual = new T[rows * _n];
        for (int r = 0; r < rows; r++)
            _c.Span.Slice(r * step * _n, _n).CopyTo(actual.AsSpan(r * _n, _n));
        return Testing.Compare.InnerProductBound<T>(_expectedRows, actual, 2 * (_k + 2), _gauge!);
    }

    /// <summary>Runs the alternative (OpenBLAS) and checks the same rows of its C as <see cref="Check"/> does, under the same bound.</summary>
    /// <param name="alternative">The variant.</param>
    /// <returns>The comparison.</returns>
    public override ComparisonResult CheckAlternative(Variant alternative)
    {
        ArgumentNullException.ThrowIfNull(alternative);
        if (_expectedRows is null) Check(null);
        int step = Math.Max(1, _m / 64);
        int rows = (_m + step - 1) / step;
        _c.Span.Clear();
        alternative.Run();
        var actual = new T[rows * _n];
        for (int r = 0; r < rows; r++)
            _c.Span.Slice(r * step * _n, _n).CopyTo(actual.AsSpan(r * _n, _n));
        return Testing.Compare.InnerProductBound<T>(_expectedRows!, actual, 2 * (_k + 2), _gauge!);
    }

    // Row i of op(A) as a one-row operand with A's own leading dimension: a row of A, or (transposed) column i of the stored k×m A.
    private Span<T> RowOfA(int i) => _ta ? _a.Span[i..] : _a.Span.Slice(i * _k, _k);

    /// <inheritdoc/>
    protected override ComparisonResult Compare(T[] expected, T[] actual) => throw new NotSupportedException("GemmWorkload overrides Check.");

    private static Span<TTo> Cast<TTo>(Span<T> s) where TTo : unmanaged => System.Runtime.InteropServices.MemoryMarshal.Cast<T, TTo>(s);
}
