using System;
using Xunit;

namespace Kernels.Testing.Tests;

public class GemmOracleTests
{
    // Row-major storage of op(X) (rows×cols), transposed or not, with a leading dimension 3 larger than needed.
    private static (T[] Data, int Ld) Store<T>(T[] op, int rows, int cols, bool transpose)
    {
        int storedRows = transpose ? cols : rows, storedCols = transpose ? rows : cols, ld = storedCols + 3;
        var data = new T[storedRows * ld];
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                data[transpose ? j * ld + i : i * ld + j] = op[i * cols + j];
        return (data, ld);
    }

    [Fact]
    public void Small_integer_products_are_exact_for_every_transpose()
    {
        const int m = 5, n = 7, k = 9;
        var a = new float[m * k];
        var b = new float[k * n];
        var c = new float[m * n];
        TestData.FillSmallIntegers<float>(a, 1);
        TestData.FillSmallIntegers<float>(b, 2);
        TestData.FillSmallIntegers<float>(c, 3);
        foreach (bool ta in new[] { false, true })
            foreach (bool tb in new[] { false, true })
            {
                var (sa, lda) = Store(a, m, k, ta);
                var (sb, ldb) = Store(b, k, n, tb);
                var (exact, gauge) = GemmOracle.Compute<float>(ta, tb, m, n, k, -2, sa, lda, sb, ldb, 3, c, n);
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < n; j++)
                    {
                        long s = 0, g = 0;
                        for (int p = 0; p < k; p++)
                        {
                            s += (long)a[i * k + p] * (long)b[p * n + j];
                            g += Math.Abs((long)a[i * k + p] * (long)b[p * n + j]);
                        }
                        Assert.Equal(-2 * s + 3 * (long)c[i * n + j], exact[i * n + j]);
                        Assert.Equal(2 * g + 3 * Math.Abs((long)c[i * n + j]), gauge[i * n + j]);
                    }
            }
    }

    [Fact]
    public void Cancellation_that_defeats_a_double_loop_leaves_the_oracle_exact()
    {
        double[] a = [Math.ScaleB(1, 60), 1, -Math.ScaleB(1, 60)], b = [1, 1, 1];
        double naive = 0;
        for (int p = 0; p < 3; p++) naive += a[p] * b[p];
        Assert.Equal(0, naive);                                  // 2^60 + 1 rounds to 2^60: the 1 is lost
        var (exact, gauge) = GemmOracle.Compute<double>(false, false, 1, 1, 3, 1, a, 3, b, 1, 0, [], 1);
        Assert.Equal(1, exact[0]);
        Assert.Equal(Math.ScaleB(1, 61), gauge[0]);              // 2^61 + 1, rounded in double
        // Off by 1, yet within its bound: the gauge is what makes such a result legitimate.
        Assert.True(Compare.InnerProductBound<double>(exact, [naive], 3, gauge).Passed);
    }

    [Fact]
    public void On_random_data_a_double_loop_and_a_float_loop_are_within_the_bound_of_the_oracle()
    {
        const int m = 6, n = 5, k = 300;
        double alpha = 0.75, beta = -1.25;                       // exact in float too, so both loops use the same α and β
        float[] a = TestData.Uniform<float>(m * k, 61), b = TestData.Uniform<float>(k * n, 62), c = TestData.Uniform<float>(m * n, 63);
        var (exact, gauge) = GemmOracle.Compute<float>(false, false, m, n, k, alpha, a, k, b, n, beta, c, n);

        var inDouble = new double[m * n];
        var inFloat = new float[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sd = 0;
                float sf = 0;
                for (int p = 0; p < k; p++)
                {
                    sd += (double)a[i * k + p] * b[p * n + j];
                    sf += a[i * k + p] * b[p * n + j];
                }
                inDouble[i * n + j] = alpha * sd + beta * c[i * n + j];
                inFloat[i * n + j] = (float)alpha * sf + (float)beta * c[i * n + j];
            }

        Compare.InnerProductBound<double>(exact, inDouble, k + 2, gauge).ThrowIfFailed("double loop");
        Compare.InnerProductBound<float>(exact, inFloat, k + 2, gauge).ThrowIfFailed("float loop");

        var gaugeAgain = new double[m * n];
        ErrorBounds.GemmGauge<float>(false, false, m, n, k, alpha, a, k, b, n, beta, c, n, gaugeAgain);
        Assert.Equal(gauge, gaugeAgain);
    }

    [Fact]
    public void A_zero_alpha_or_beta_leaves_the_matrices_blas_does_not_read_unread()
    {
        float[] nan = [float.NaN, float.NaN, float.NaN, float.NaN], c = [1, -2, 3, -4], ones = [1, 1, 1, 1];
        var (onlyC, gaugeC) = GemmOracle.Compute<float>(false, false, 2, 2, 2, 0, nan, 2, nan, 2, 2, c, 2);
        Assert.Equal(new double[] { 2, -4, 6, -8 }, onlyC);
        Assert.Equal(new double[] { 2, 4, 6, 8 }, gaugeC);
        var (onlyProduct, _) = GemmOracle.Compute<float>(false, false, 2, 2, 2, 1, ones, 2, ones, 2, 0, nan, 2);
        Assert.Equal(new double[] { 2, 2, 2, 2 }, onlyProduct);
        Assert.Throws<ArgumentOutOfRangeException>(() => GemmOracle.Compute<float>(false, false, -1, 2, 2, 1, ones, 2, ones, 2, 0, ones, 2));
    }
}
