using System;

namespace Kernels.Testing;

/// <summary>
/// A nearly exact GEMM for checking others: C = α·op(A)·op(B) + β·C accumulated in double-double arithmetic (error about
/// k·2^−104·G, far below any float or double rounding), returned in double with the gauge
/// G = |α|·Σ_p|op(A)[i,p]|·|op(B)[p,j]| + |β|·|C[i,j]| of every element.
/// </summary>
/// <remarks>
/// Compare a computed C with <see cref="Compare.InnerProductBound{T}(ReadOnlySpan{double}, ReadOnlySpan{T}, int, ReadOnlySpan{double})"/>
/// and k + 2 operations: the theorem |Ĉ − C| ≤ γ_(k+2)·G holds for any summation order. As in BLAS, α = 0 leaves A and B
/// unread and β = 0 leaves C unread, so NaNs there do not reach the result. Products are split exactly with an FMA, so the
/// result is exact (before its final rounding to double) as long as nothing overflows or underflows.
/// </remarks>
public static class GemmOracle
{
    /// <summary>Computes the exact result (rounded once to double) and the gauge, both m×n contiguous (row pitch n).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="transposeA">Whether op(A) = Aᵀ.</param>
    /// <param name="transposeB">Whether op(B) = Bᵀ.</param>
    /// <param name="m">Rows of C.</param>
    /// <param name="n">Columns of C.</param>
    /// <param name="k">Inner dimension.</param>
    /// <param name="alpha">α.</param>
    /// <param name="a">A as stored, row pitch <paramref name="lda"/>.</param>
    /// <param name="lda">Row pitch of A.</param>
    /// <param name="b">B as stored, row pitch <paramref name="ldb"/>.</param>
    /// <param name="ldb">Row pitch of B.</param>
    /// <param name="beta">β.</param>
    /// <param name="c">C before the product, row pitch <paramref name="ldc"/> (not read when β = 0).</param>
    /// <param name="ldc">Row pitch of C.</param>
    /// <returns>The result and the gauge, each m·n long.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static (double[] Exact, double[] Gauge) Compute<T>(bool transposeA, bool transposeB, int m, int n, int k, double alpha,
        ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, double beta, ReadOnlySpan<T> c, int ldc) where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var exact = new double[m * n];
        var gauge = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double hi = 0, lo = 0, g = 0;
                for (int p = 0; alpha != 0 && p < k; p++)
                {
                    double x = Numbers.ToDouble(transposeA ? a[p * lda + i] : a[i * lda + p]);
                    double y = Numbers.ToDouble(transposeB ? b[j * ldb + p] : b[p * ldb + j]);
                    double prod = x * y;
                    double err = Math.FusedMultiplyAdd(x, y, -prod); // x·y = prod + err exactly
                    (hi, lo) = Add(hi, lo, prod, err);
                    g += Math.Abs(prod);
                }
                // α·(hi + lo) + β·c, still in double-double.
                double ah = alpha * hi;
                double ahErr = Math.FusedMultiplyAdd(alpha, hi, -ah);
                var (rh, rl) = Add(ah, ahErr + alpha * lo, 0, 0);
                double gg = Math.Abs(alpha) * g;
                if (beta != 0)
                {
                    double cv = Numbers.ToDouble(c[i * ldc + j]);
                    double bc = beta * cv;
                    (rh, rl) = Add(rh, rl, bc, Math.FusedMultiplyAdd(beta, cv, -bc));
                    gg += Math.Abs(beta) * Math.Abs(cv);
                }
                exact[i * n + j] = rh + rl;
                gauge[i * n + j] = gg;
            }
        return (exact, gauge);
    }

    // (hi, lo) + (x, xErr) with Knuth's TwoSum; the result is renormalised.
    private static (double Hi, double Lo) Add(double hi, double lo, double x, double xErr)
    {
        double s = hi + x;
        double bb = s - hi;
        double e = (hi - (s - bb)) + (x - bb);
        e += lo + xErr;
        double r = s + e;
        return (r, e - (r - s));
    }
}
