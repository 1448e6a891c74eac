using System;

namespace Kernels.Testing;

/// <summary>
/// The constants of floating-point error analysis (Higham, <i>Accuracy and Stability of Numerical Algorithms</i>, §2–3):
/// the unit roundoff u and γ_k = k·u/(1 − k·u), which bounds the relative error accumulated by k rounded operations.
/// </summary>
public static class ErrorBounds
{
    /// <summary>The unit roundoff u = 2^−p of round-to-nearest (2^−24 for float, 2^−53 for double).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <returns>u as a double.</returns>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static double UnitRoundoff<T>()
    {
        if (typeof(T) == typeof(float)) return Math.ScaleB(1.0, -24);
        if (typeof(T) == typeof(double)) return Math.ScaleB(1.0, -53);
        throw new NotSupportedException($"Unit roundoff is defined here for float and double, not {typeof(T).Name}.");
    }

    /// <summary>γ_k = k·u/(1 − k·u) for the unit roundoff of <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="k">The number of rounded operations (for a dot product of length n computed in any order, n).</param>
    /// <returns>
    /// γ_k rounded upwards to a double: the smallest double not below the exact value, so a bound built from it is
    /// never tighter than the theorem (γ_0 = 0 exactly).
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is negative or k·u ≥ 1.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static double Gamma<T>(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        double ku = k * UnitRoundoff<T>();   // exact: k < 2^31 times a power of two
        if (ku >= 1) throw new ArgumentOutOfRangeException(nameof(k), k, "k·u must be below 1 for γ_k to be defined.");
        double d = 1 - ku;                   // exact: ku is a multiple of u ≥ 2^−53 and below 1
        double q = ku / d;                   // rounded to nearest: may be just below the exact quotient
        // q ≥ ku/d exactly iff the residual q·d − ku ≥ 0; one FMA gives its sign exactly.
        return Math.FusedMultiplyAdd(q, d, -ku) >= 0 ? q : Math.BitIncrement(q);
    }

    /// <summary>
    /// The gauge of a matrix product element by element: G[i, j] = |α|·Σ_p |op(A)[i, p]|·|op(B)[p, j]| + |β|·|C[i, j]|,
    /// computed in double. With it, a GEMM result satisfies |Ĉ − C| ≤ γ_(k+2)·G element by element.
    /// </summary>
    /// <remarks>
    /// As in BLAS, α = 0 leaves A and B unread and β = 0 leaves C unread (so NaNs there do not reach the gauge).
    /// The sums are rounded in double, so G may fall short of the exact gauge by a relative γ_k(double), far below
    /// float or double rounding; <see cref="Compare.InnerProductBound{T}(ReadOnlySpan{double}, ReadOnlySpan{T}, int, ReadOnlySpan{double})"/>
    /// allows for it.
    /// </remarks>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="transposeA">Whether op(A) = Aᵀ.</param>
    /// <param name="transposeB">Whether op(B) = Bᵀ.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="alpha">α.</param>
    /// <param name="a">A, row-major with leading dimension <paramref name="lda"/>.</param>
    /// <param name="lda">Row pitch of A as stored.</param>
    /// <param name="b">B, row-major with leading dimension <paramref name="ldb"/>.</param>
    /// <param name="ldb">Row pitch of B as stored.</param>
    /// <param name="beta">β.</param>
    /// <param name="c">C before the product (ignored when β = 0), leading dimension <paramref name="ldc"/>.</param>
    /// <param name="ldc">Row pitch of C.</param>
    /// <param name="gauge">Receives G, m×n, contiguous (row pitch n).</param>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="gauge"/> is shorter than m·n.</exception>
    public static void GemmGauge<T>(bool transposeA, bool transposeB, int m, int n, int k, double alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, double beta, ReadOnlySpan<T> c, int ldc, Span<double> gauge)
        where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (gauge.Length < (long)m * n) throw new ArgumentException($"'gauge' has {gauge.Length} elements; {m}×{n} are needed.", nameof(gauge));
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; alpha != 0 && p < k; p++)
                {
                    double av = Numbers.ToDouble(transposeA ? a[p * lda + i] : a[i * lda + p]);
                    double bv = Numbers.ToDouble(transposeB ? b[j * ldb + p] : b[p * ldb + j]);
                    s += Math.Abs(av * bv);
                }
                double g = Math.Abs(alpha) * s;
                if (beta != 0) g += Math.Abs(beta) * Math.Abs(Numbers.ToDouble(c[i * ldc + j]));
                gauge[i * n + j] = g;
            }
    }
}
