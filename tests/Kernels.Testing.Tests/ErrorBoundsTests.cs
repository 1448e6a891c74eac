using System;
using System.Numerics;
using Xunit;

namespace Kernels.Testing.Tests;

public class ErrorBoundsTests
{
    [Fact]
    public void Unit_roundoff_is_half_the_machine_epsilon()
    {
        Assert.Equal(Math.ScaleB(1, -24), ErrorBounds.UnitRoundoff<float>());
        Assert.Equal(Math.ScaleB(1, -53), ErrorBounds.UnitRoundoff<double>());
        Assert.Equal(0.5 * (MathF.BitIncrement(1f) - 1f), ErrorBounds.UnitRoundoff<float>());
        Assert.Throws<NotSupportedException>(() => ErrorBounds.UnitRoundoff<Half>());
    }

    [Theory]
    [InlineData(1), InlineData(2), InlineData(3), InlineData(7), InlineData(130), InlineData(1000), InlineData(12345),
     InlineData(1 << 20), InlineData((1 << 24) - 1)]
    public void Gamma_is_the_smallest_double_not_below_the_exact_value_for_float(int k) => RoundedUpward<float>(k);

    [Theory]
    [InlineData(1), InlineData(3), InlineData(130), InlineData(99991), InlineData(int.MaxValue)]
    public void Gamma_is_the_smallest_double_not_below_the_exact_value_for_double(int k) => RoundedUpward<double>(k);

    private static void RoundedUpward<T>(int k)
    {
        // γ_k = k·u/(1 − k·u) = k/(2^p − k) with u = 2^−p: compare g·(2^p − k) with k exactly, in integers.
        int p = typeof(T) == typeof(float) ? 24 : 53;
        double g = ErrorBounds.Gamma<T>(k);
        BigInteger denominator = (BigInteger.One << p) - k;
        Assert.True(Exact.Compare(g, denominator, k) >= 0, $"γ_{k} = {g:R} is below k/(2^{p} − k)");
        Assert.True(Exact.Compare(Math.BitDecrement(g), denominator, k) < 0, $"γ_{k} = {g:R} is not the tightest upper bound");
    }

    [Fact]
    public void Gamma_of_zero_is_zero_and_the_domain_ends_where_k_u_reaches_one()
    {
        Assert.Equal(0, ErrorBounds.Gamma<float>(0));
        Assert.Equal(0, ErrorBounds.Gamma<double>(0));
        Assert.True(ErrorBounds.Gamma<float>(1) > ErrorBounds.UnitRoundoff<float>());
        Assert.True(ErrorBounds.Gamma<float>(101) > ErrorBounds.Gamma<float>(100));
        Assert.Throws<ArgumentOutOfRangeException>(() => ErrorBounds.Gamma<float>(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ErrorBounds.Gamma<float>(1 << 24));
    }

    [Fact]
    public void Gemm_gauge_sums_absolute_products_for_every_transpose_and_skips_what_blas_does_not_read()
    {
        // op(A) = [[1, −2], [3, 4]], op(B) = [[−1, 5], [2, −3]], C = [[1, −1], [2, 0]]; α = −2, β = 0.5.
        float[] a = [1, -2, 3, 4], at = [1, 3, -2, 4], b = [-1, 5, 2, -3], bt = [-1, 2, 5, -3], c = [1, -1, 2, 0];
        double[] expected = [2 * (1 + 4) + 0.5, 2 * (5 + 6) + 0.5, 2 * (3 + 8) + 1, 2 * (15 + 12)];
        foreach (bool ta in new[] { false, true })
            foreach (bool tb in new[] { false, true })
            {
                var g = new double[4];
                ErrorBounds.GemmGauge<float>(ta, tb, 2, 2, 2, -2, ta ? at : a, 2, tb ? bt : b, 2, 0.5, c, 2, g);
                Assert.Equal(expected, g);
            }

        float[] nan = [float.NaN, float.NaN, float.NaN, float.NaN];
        var onlyC = new double[4];
        ErrorBounds.GemmGauge<float>(false, false, 2, 2, 2, 0, nan, 2, nan, 2, 0.5, c, 2, onlyC);   // α = 0: A and B unread
        Assert.Equal(new[] { 0.5, 0.5, 1, 0 }, onlyC);
        var onlyProduct = new double[4];
        ErrorBounds.GemmGauge<float>(false, false, 2, 2, 2, -2, a, 2, b, 2, 0, nan, 2, onlyProduct); // β = 0: C unread
        Assert.Equal(new double[] { 10, 22, 22, 54 }, onlyProduct);
        Assert.Throws<ArgumentException>(() => ErrorBounds.GemmGauge<float>(false, false, 2, 2, 2, 1, a, 2, b, 2, 0, c, 2, new double[3]));
    }
}

/// <summary>Exact comparisons of doubles with rationals, in big integers.</summary>
internal static class Exact
{
    /// <summary>The sign of x·d − n for a finite non-negative double x and integers d, n.</summary>
    public static int Compare(double x, BigInteger d, BigInteger n)
    {
        long bits = BitConverter.DoubleToInt64Bits(x);
        int exponent = (int)((bits >> 52) & 0x7FF);
        BigInteger mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0) exponent = 1; else mantissa += 1L << 52;
        int shift = exponent - 1075;                 // x = mantissa · 2^shift
        return shift >= 0
            ? (mantissa * d << shift).CompareTo(n)
            : (mantissa * d).CompareTo(n << -shift);
    }
}
