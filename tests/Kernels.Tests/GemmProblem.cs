using System;
using System.Numerics;
using Kernels.Testing;

namespace Kernels.Tests;

/// <summary>
/// One GEMM test problem: strided A, B and C whose gaps between rows hold NaN (A, B: any read of them would poison the
/// result) or a rogue value (C: it must come back unchanged), plus the oracle check of a computed C.
/// </summary>
internal sealed class GemmProblem<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static readonly T CRogue = T.CreateChecked(-4242.125);

    public bool TransA { get; }
    public bool TransB { get; }
    public int M { get; }
    public int N { get; }
    public int K { get; }
    public T Alpha { get; }
    public T Beta { get; }
    public T[] A { get; }
    public int Lda { get; }
    public T[] B { get; }
    public int Ldb { get; }
    public T[] C0 { get; }
    public int Ldc { get; }

    public GemmProblem(bool transA, bool transB, int m, int n, int k, double alpha, double beta, ulong seed,
        int padA = 3, int padB = 5, int padC = 7, bool smallIntegers = false)
    {
        TransA = transA; TransB = transB; M = m; N = n; K = k;
        Alpha = T.CreateChecked(alpha); Beta = T.CreateChecked(beta);
        (int ra, int ca) = transA ? (k, m) : (m, k);
        (int rb, int cb) = transB ? (n, k) : (k, n);
        Lda = ca + padA; Ldb = cb + padB; Ldc = n + padC;
        A = Strided(ra, ca, Lda, seed, T.NaN, smallIntegers);
        B = Strided(rb, cb, Ldb, seed + 1, T.NaN, smallIntegers);
        C0 = Strided(m, n, Ldc, seed + 2, CRogue, smallIntegers);
        if (beta == 0) // BLAS: β = 0 means C is not read, so NaN there must not reach the result
            for (int i = 0; i < m; i++) C0.AsSpan(i * Ldc, n).Fill(T.NaN);
    }

    public Transpose OpA => TransA ? Transpose.Trans : Transpose.NoTrans;
    public Transpose OpB => TransB ? Transpose.Trans : Transpose.NoTrans;

    public override string ToString() =>
        $"{typeof(T).Name} {(TransA ? "T" : "N")}{(TransB ? "T" : "N")} m={M} n={N} k={K} α={Alpha} β={Beta} lda={Lda} ldb={Ldb} ldc={Ldc}";

    private static T[] Strided(int rows, int cols, int ld, ulong seed, T gapValue, bool smallIntegers)
    {
        var buffer = new T[Math.Max(rows * ld, 0)];
        buffer.AsSpan().Fill(gapValue);
        var row = new T[cols];
        for (int i = 0; i < rows; i++)
        {
            if (smallIntegers) TestData.FillSmallIntegers<T>(row, seed * 31 + (ulong)i, 8);
            else TestData.FillUniform<T>(row, seed * 31 + (ulong)i);
            row.CopyTo(buffer.AsSpan(i * ld, cols));
        }
        return buffer;
    }

    public T[] NewC() => (T[])C0.Clone();

    /// <summary>Runs the public BLAS-shaped entry point into a fresh copy of C.</summary>
    public T[] RunBlas(int maxDegreeOfParallelism = 1)
    {
        T[] c = NewC();
        if (typeof(T) == typeof(float))
            Blas.Sgemm(OpA, OpB, M, N, K, float.CreateChecked(Alpha), (float[])(object)A, Lda, (float[])(object)B, Ldb,
                float.CreateChecked(Beta), (float[])(object)c, Ldc, maxDegreeOfParallelism);
        else
            Blas.Dgemm(OpA, OpB, M, N, K, double.CreateChecked(Alpha), (double[])(object)A, Lda, (double[])(object)B, Ldb,
                double.CreateChecked(Beta), (double[])(object)c, Ldc, maxDegreeOfParallelism);
        return c;
    }

    private (double[] Exact, double[] Gauge)? _oracle;

    public (double[] Exact, double[] Gauge) Oracle => _oracle ??= GemmOracle.Compute<T>(TransA, TransB, M, N, K,
        double.CreateChecked(Alpha), A, Lda, B, Ldb, double.CreateChecked(Beta), C0, Ldc);

    /// <summary>Checks a computed C: every element within (γ_(k+2) + γ_(k+3)(double))·G of the oracle, every gap untouched.</summary>
    public void Check(T[] c, string context)
    {
        var dense = Dense(c);
        Compare.InnerProductBound<T>(Oracle.Exact, dense, K + 2, Oracle.Gauge).ThrowIfFailed($"{context}: {this}");
        CheckGaps(c, context);
    }

    /// <summary>Checks a computed C equals the oracle exactly (small-integer problems).</summary>
    public void CheckExact(T[] c, string context)
    {
        var expected = Array.ConvertAll(Oracle.Exact, x => T.CreateChecked(x));
        Compare.Exact<T>(expected, Dense(c), zeroSignsEqual: true).ThrowIfFailed($"{context}: {this}");
        CheckGaps(c, context);
    }

    public T[] Dense(T[] c)
    {
        var d = new T[M * N];
        for (int i = 0; i < M; i++) c.AsSpan(i * Ldc, N).CopyTo(d.AsSpan(i * N, N));
        return d;
    }

    private void CheckGaps(T[] c, string context)
    {
        for (int i = 0; i < M; i++)
            for (int j = N; j < Ldc && i * Ldc + j < c.Length; j++)
                if (!c[i * Ldc + j].Equals(CRogue))
                    throw new InvalidOperationException($"{context}: {this}: gap element [{i}, {j}] of C was overwritten with {c[i * Ldc + j]}.");
    }
}
