using System;
using System.Collections.Generic;
using System.Numerics;
using CommunityToolkit.HighPerformance;
using Kernels.Testing.Reference;
using Kernels.Testing;

namespace Kernels.Tests;

/// <summary>
/// One matrix kernel under test: it reads matrix X (strided) and vectors u (one per row) and v (one per column) and writes
/// either a matrix of X's shape (strided, possibly in place) or a vector. The output is compared densely.
/// </summary>
internal sealed record MatrixCase<T>(
    string Name,
    MatrixOutput Output,
    MatrixKernel<T> Kernel,
    MatrixKernel<T> Reference,
    Func<MatrixInputs<T>, T[], T[], ComparisonResult> Compare) where T : unmanaged, IFloatingPointIeee754<T>
{
    public override string ToString() => Name;
}

internal enum MatrixOutput { Matrix, MatrixInPlace, RowVector, ColumnVector }

/// <summary>x: the input matrix; u: one value per row; v: one per column; the output goes to outMatrix or outVector.</summary>
internal delegate void MatrixKernel<T>(ReadOnlySpan2D<T> x, ReadOnlySpan<T> u, ReadOnlySpan<T> v, Span2D<T> outMatrix, Span<T> outVector);

internal sealed record MatrixInputs<T>(T[] X, int Rows, int Cols, T[] U, T[] V, T[] Before);

internal static class MatrixCases
{
    public const float Alpha = 0.7f;

    public static IEnumerable<string> Names => Build<float>().ConvertAll(c => c.Name);

    public static MatrixCase<T> Get<T>(string name) where T : unmanaged, IFloatingPointIeee754<T> =>
        Build<T>().Find(c => c.Name == name) ?? throw new ArgumentException(name);

    public static List<MatrixCase<T>> Build<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        T alpha = T.CreateChecked(Alpha);
        var exact = (Func<MatrixInputs<T>, T[], T[], ComparisonResult>)((i, e, a) => Testing.Compare.Exact<T>(e, a));
        var list = new List<MatrixCase<T>>
        {
            new("AddBias", MatrixOutput.Matrix, (x, u, v, m, _) => MatrixOps.AddBias(x, v, m), (x, u, v, m, _) => MatrixOpsReference.AddBias(x, v, m), exact),
            new("AddBias.InPlace", MatrixOutput.MatrixInPlace, (x, u, v, m, _) => MatrixOps.AddBias(m, v, m), (x, u, v, m, _) => MatrixOpsReference.AddBias(x, v, m), exact),
            new("SoftmaxRows", MatrixOutput.Matrix, (x, u, v, m, _) => MatrixOps.SoftmaxRows(x, m), (x, u, v, m, _) => MatrixOpsReference.SoftmaxRows(x, m), SoftmaxBound),
            new("SoftmaxRows.InPlace", MatrixOutput.MatrixInPlace, (x, u, v, m, _) => MatrixOps.SoftmaxRows(m, m), (x, u, v, m, _) => MatrixOpsReference.SoftmaxRows(x, m), SoftmaxBound),
            new("SumRows", MatrixOutput.RowVector, (x, u, v, _, o) => MatrixOps.SumRows(x, o), (x, u, v, _, o) => MatrixOpsReference.SumRows(x, o), RowSumBound),
            new("SumColumns", MatrixOutput.ColumnVector, (x, u, v, _, o) => MatrixOps.SumColumns(x, o), (x, u, v, _, o) => MatrixOpsReference.SumColumns(x, o), exact),
            new("RankOneUpdate", MatrixOutput.MatrixInPlace, (x, u, v, m, _) => MatrixOps.RankOneUpdate(alpha, u, v, m),
                (x, u, v, m, _) => { x.CopyTo(m); MatrixOpsReference.RankOneUpdate(alpha, u, v, m); }, (i, e, a) => RankOneBound(alpha, i, e, a)),
        };
        foreach (Activation act in Enum.GetValues<Activation>())
        {
            Activation f = act;
            var cmp = f is Activation.Sigmoid or Activation.Tanh
                ? (Func<MatrixInputs<T>, T[], T[], ComparisonResult>)((i, e, a) => Testing.Compare.WithinUlps<T>(e, a, VectorCases.TranscendentalUlps))
                : exact;
            list.Add(new($"AddBiasActivate.{f}", MatrixOutput.Matrix, (x, u, v, m, _) => MatrixOps.AddBiasActivate(x, v, f, m),
                (x, u, v, m, _) => MatrixOpsReference.AddBiasActivate(x, v, f, m), cmp));
            list.Add(new($"AddBiasActivate.{f}.InPlace", MatrixOutput.MatrixInPlace, (x, u, v, m, _) => MatrixOps.AddBiasActivate(m, v, f, m),
                (x, u, v, m, _) => MatrixOpsReference.AddBiasActivate(x, v, f, m), cmp));
            // σ(X·v + u): X as the weights (one row per output), v the sample, u the bias.
            list.Add(new($"AffineActivate.{f}", MatrixOutput.RowVector, (x, u, v, _, o) => MatrixOps.AffineActivate(x, v, u, f, o),
                (x, u, v, _, o) => MatrixOpsReference.AffineActivate(x, v, u, f, o), (i, e, a) => AffineBound(f, i, e, a)));
        }
        return list;
    }

    // Both sides compute the same max and the same x − max; they differ by exp (≤ 6 ulp apart, see VectorCases), by
    // summation order (each sum within γ_(n−1) relatively, all terms positive) and by dividing versus multiplying by the
    // reciprocal (≤ 2u). Relative bound per element: 6·2u + 2·γ_n + 2u ≤ γ_(2n+14).
    private static ComparisonResult SoftmaxBound<T>(MatrixInputs<T> i, T[] e, T[] a) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double g = ErrorBounds.Gamma<T>(2 * i.Cols + 14);
        var bound = new double[e.Length];
        for (int k = 0; k < e.Length; k++) bound[k] = g * Math.Abs(double.CreateChecked(e[k]));
        return Testing.Compare.WithinBound<T>(e, a, bound, "γ_(2n+14)·|y|");
    }

    // Each side's sum is within γ_(n−1)·Σ|x| of the exact sum, in whatever order it adds.
    private static ComparisonResult RowSumBound<T>(MatrixInputs<T> i, T[] e, T[] a) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double g = 2 * ErrorBounds.Gamma<T>(Math.Max(i.Cols - 1, 0));
        var bound = new double[e.Length];
        for (int r = 0; r < i.Rows; r++)
        {
            double s = 0;
            for (int c = 0; c < i.Cols; c++) s += Math.Abs(double.CreateChecked(i.X[r * i.Cols + c]));
            bound[r] = g * s;
        }
        return Testing.Compare.WithinBound<T>(e, a, bound, "2·γ_(n−1)·Σ|x|");
    }

    // σ(Σ_j x_ij·v_j + u_i): both sides' pre-activations are within γ_(n+1)·(Σ_j|x_ij·v_j| + |u_i|) of the exact one, and σ
    // moves a difference in its argument by at most as much (|σ'| ≤ 1 for all four), so they differ by 2·γ_(n+1)·G, plus
    // the activations' own ≤ 6 ulp apart for sigmoid and tanh (VectorCases), taken as 6·2u·|y| + the smallest subnormal.
    private static ComparisonResult AffineBound<T>(Activation f, MatrixInputs<T> i, T[] e, T[] a) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double g = 2 * ErrorBounds.Gamma<T>(i.Cols + 1), u = double.CreateChecked(T.Epsilon), unit = ErrorBounds.UnitRoundoff<T>();
        bool transcendental = f is Activation.Sigmoid or Activation.Tanh;
        var bound = new double[e.Length];
        for (int r = 0; r < i.Rows; r++)
        {
            double s = Math.Abs(double.CreateChecked(i.U[r]));
            for (int c = 0; c < i.Cols; c++) s += Math.Abs(double.CreateChecked(i.X[r * i.Cols + c]) * double.CreateChecked(i.V[c]));
            bound[r] = g * s + (transcendental ? VectorCases.TranscendentalUlps * 2 * unit * Math.Abs(double.CreateChecked(e[r])) + u : 0);
        }
        return Testing.Compare.WithinBound<T>(e, a, bound, "2·γ_(n+1)·(Σ|x·v| + |u|) (+ 6 ulp for σ)");
    }

    // c + (αx_i)·y_j: the reference rounds three times, the FMA paths twice; each within γ_3·(|c| + |αx_i y_j|) of exact.
    private static ComparisonResult RankOneBound<T>(T alpha, MatrixInputs<T> i, T[] e, T[] a) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double g = 2 * ErrorBounds.Gamma<T>(3);
        var bound = new double[e.Length];
        for (int r = 0; r < i.Rows; r++)
            for (int c = 0; c < i.Cols; c++)
                bound[r * i.Cols + c] = g * (Math.Abs(double.CreateChecked(i.Before[r * i.Cols + c]))
                    + Math.Abs(double.CreateChecked(alpha) * double.CreateChecked(i.U[r]) * double.CreateChecked(i.V[c])));
        return Testing.Compare.WithinBound<T>(e, a, bound, "2·γ_3·(|c| + |αxy|)");
    }
}
