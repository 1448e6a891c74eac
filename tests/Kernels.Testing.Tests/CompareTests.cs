using System;
using Xunit;

namespace Kernels.Testing.Tests;

public class CompareTests
{
    private static float Up(float x, int steps)
    {
        for (int i = 0; i < steps; i++) x = MathF.BitIncrement(x);
        return x;
    }

    [Fact]
    public void Exact_tells_the_zero_signs_apart_unless_asked_not_to()
    {
        float[] e = [0f, -0f, 1f], a = [-0f, 0f, 1f];
        var strict = Compare.Exact<float>(e, a);
        Assert.False(strict.Passed);
        Assert.Equal(2, strict.Failures);
        Assert.Equal(0, strict.Worst!.Value.Index);
        Assert.Equal(1, strict.UlpHistogram[0]);                 // bucket 0 counts the matches only
        Assert.Equal(2, strict.UlpHistogram[1]);                 // a zero-sign mismatch counts as 1 ulp
        Assert.StartsWith("FAILED (exact)", strict.ToString(), StringComparison.Ordinal);
        Assert.Contains("expected 0 actual -0", strict.ToString(), StringComparison.Ordinal);

        var lenient = Compare.Exact<float>(e, a, zeroSignsEqual: true);
        Assert.True(lenient.Passed);
        Assert.Equal(3, lenient.UlpHistogram[0]);
        Assert.Equal("exact, ±0 equal", lenient.Kind);
        Assert.True(Compare.Exact<double>([0.0], [-0.0], zeroSignsEqual: true).Passed);
        Assert.False(Compare.Exact<double>([0.0], [-0.0]).Passed);
    }

    [Fact]
    public void Exact_matches_NaN_with_any_NaN_and_nothing_else()
    {
        float payload = BitConverter.Int32BitsToSingle(0x7FC00123), negative = BitConverter.Int32BitsToSingle(unchecked((int)0xFFC00000));
        Assert.True(Compare.Exact<float>([float.NaN, negative, float.PositiveInfinity], [payload, float.NaN, float.PositiveInfinity]).Passed);
        var r = Compare.Exact<float>([float.NaN, 1f], [1f, float.NaN]);
        Assert.Equal(2, r.Failures);
        Assert.Equal(long.MaxValue, r.MaxUlps);
        Assert.False(Compare.Exact<float>([float.PositiveInfinity], [float.MaxValue]).Passed);
    }

    [Fact]
    public void Exact_reports_the_failing_element_with_the_most_ulps()
    {
        float[] e = [1, 2, 3, 4, 5], a = [1, Up(2, 1), 3, Up(4, 7), Up(5, 7)];
        var r = Compare.Exact<float>(e, a);
        Assert.Equal(3, r.Failures);
        Assert.Equal(3, r.Worst!.Value.Index);                   // 7 ulps, the first of the two
        Assert.Equal(7, r.Worst.Value.Ulps);
        Assert.Equal(7, r.MaxUlps);
        Assert.Equal(double.PositiveInfinity, r.Worst.Value.Ratio);
    }

    [Fact]
    public void WithinUlps_counts_every_distance_in_its_histogram_bucket()
    {
        int[] distances = [0, 0, 1, 2, 3, 15, 16, 255, 256, 100_000];
        var e = new float[distances.Length + 1];
        var a = new float[e.Length];
        for (int i = 0; i < distances.Length; i++)
        {
            e[i] = 1.5f;
            a[i] = Up(1.5f, distances[i]);
        }
        e[^1] = 1f;
        a[^1] = float.NaN;

        var r = Compare.WithinUlps<float>(e, a, 3);
        long[] expected = new long[18];
        expected[0] = 2; expected[1] = 1; expected[2] = 1; expected[3] = 1; expected[15] = 1;
        expected[16] = 2;                                        // 16 and 255
        expected[17] = 3;                                        // 256, 100000 and the NaN
        Assert.Equal(expected, r.UlpHistogram);
        Assert.Equal(6, r.Failures);                             // 15, 16, 255, 256, 100000, NaN
        Assert.Equal(long.MaxValue, r.MaxUlps);
        Assert.Equal(distances.Length, r.Worst!.Value.Index);    // the NaN: infinitely far
        Assert.Contains("histogram 0:2 1:1 2:1 3:1 15:1 16-255:2 256+:3", r.ToString(), StringComparison.Ordinal);
        Assert.Contains("max ∞ ulp", r.ToString(), StringComparison.Ordinal);

        var passing = Compare.WithinUlps<float>(e.AsSpan(0, 5), a.AsSpan(0, 5), 3);
        Assert.True(passing.Passed);
        Assert.Equal(4, passing.Worst!.Value.Index);             // 3 ulps, ratio 1: closest to the allowance
        Assert.Equal(1, passing.Worst.Value.Ratio);
    }

    [Fact]
    public void WithinUlps_never_lets_an_infinity_pass_for_a_finite_value()
    {
        Assert.Equal(1, Ulp.Distance(float.MaxValue, float.PositiveInfinity));
        Assert.False(Compare.WithinUlps<float>([float.MaxValue], [float.PositiveInfinity], 4).Passed);
        Assert.False(Compare.WithinUlps<double>([double.NegativeInfinity], [double.MinValue], 4).Passed);
        Assert.True(Compare.WithinUlps<double>([double.NegativeInfinity, double.NaN], [double.NegativeInfinity, -double.NaN], 0).Passed);
        Assert.True(Compare.WithinUlps<float>([-0f], [0f], 0).Passed);
        Assert.Throws<ArgumentOutOfRangeException>(() => Compare.WithinUlps<float>([1f], [1f], -1));
        Assert.Throws<ArgumentException>(() => Compare.WithinUlps<float>([1f], [1f, 2f], 1));
    }

    [Fact]
    public void WithinBound_accepts_an_error_equal_to_the_bound_and_rejects_one_ulp_more()
    {
        float e = 1f, atBound = 1f + 0.25f, beyond = MathF.BitIncrement(atBound);
        Assert.True(Compare.WithinBound<float>([e, e], [atBound, 2 * e - atBound], [0.25, 0.25]).Passed);
        var r = Compare.WithinBound<float>([e], [beyond], [0.25]);
        Assert.False(r.Passed);
        Assert.True(r.Worst!.Value.Ratio > 1);
    }

    [Fact]
    public void WithinBound_fails_NaN_and_infinity_mismatches_and_meaningless_bounds_whatever_their_size()
    {
        Assert.False(Compare.WithinBound<float>([1f], [float.NaN], [double.PositiveInfinity]).Passed);
        Assert.False(Compare.WithinBound<float>([float.NaN], [1f], [double.PositiveInfinity]).Passed);
        Assert.False(Compare.WithinBound<float>([1f], [float.PositiveInfinity], [double.PositiveInfinity]).Passed);
        Assert.True(Compare.WithinBound<float>([1f], [1e30f], [double.PositiveInfinity]).Passed);
        Assert.False(Compare.WithinBound<float>([1f], [1.5f], [double.NaN]).Passed);      // a NaN bound (from a NaN gauge) admits nothing
        Assert.False(Compare.WithinBound<float>([1f], [1.5f], [-1]).Passed);
        Assert.True(Compare.WithinBound<float>([1f, float.NaN, float.NegativeInfinity], [1f, float.NaN, float.NegativeInfinity], [double.NaN, -1, 0]).Passed);
        Assert.Throws<ArgumentException>(() => Compare.WithinBound<float>([1f], [1f], [1, 2]));
    }

    // The worst case the inner-product bound promises, built exactly: with k a power of two, k·u = 2^−j and
    // γ_k = 1/(2^j − 1), so the gauge G = (2^j − 1)·D makes γ_k·G = D exactly, for a D that is a float difference.
    [Fact]
    public void Inner_product_bound_accepts_the_worst_case_it_promises_and_rejects_one_ulp_more_in_float()
    {
        const int k = 128;                                      // k·u = 2^7·2^−24 = 2^−17
        double d = Math.ScaleB(1, -10);
        double gauge = (Math.ScaleB(1, 17) - 1) * d;            // ≈ 128 ≥ |y|: a sum with heavy cancellation
        float y = 1f, worstUp = (float)(y + d), worstDown = (float)(y - d);
        Assert.Equal(d, worstUp - (double)y);

        var accepted = Compare.InnerProductBound<float>([y, y], [worstUp, worstDown], k, [gauge, gauge]);
        Assert.True(accepted.Passed, accepted.ToString());
        Assert.Equal(1, accepted.Worst!.Value.Ratio, 1e-15);

        var rejected = Compare.InnerProductBound<float>([y, y], [MathF.BitIncrement(worstUp), MathF.BitDecrement(worstDown)], k, [gauge, gauge]);
        Assert.Equal(2, rejected.Failures);

        // With k − 1 operations the same element is beyond the bound.
        Assert.False(Compare.InnerProductBound<float>([y], [worstUp], k - 1, [gauge]).Passed);
    }

    [Fact]
    public void Inner_product_bound_accepts_the_worst_case_it_promises_and_rejects_one_ulp_more_in_double()
    {
        const int k = 1024;                                     // k·u = 2^10·2^−53 = 2^−43
        double d = Math.ScaleB(1, -30);
        double gauge = (Math.ScaleB(1, 43) - 1) * d;            // ≈ 8192
        double y = 1, worst = y + d;

        // A double[] reference would pick the double-exact overload; naming 'expected' selects this one.
        Assert.True(Compare.InnerProductBound<double>(expected: [y], actual: [worst], k, [gauge]).Passed);
        Assert.False(Compare.InnerProductBound<double>(expected: [y], actual: [Math.BitIncrement(worst)], k, [gauge]).Passed);
        Assert.Equal("γ_k·G, k = 1024", Compare.InnerProductBound<double>(expected: [y], actual: [worst], k, [gauge]).Kind);
    }

    [Fact]
    public void Inner_product_bound_against_a_double_reference_allows_for_its_rounding_and_no_more()
    {
        const int k = 128;
        double d = Math.ScaleB(1, -10), gauge = (Math.ScaleB(1, 17) - 1) * d;
        double exact = 1 + Math.ScaleB(1, -40);                 // a reference that is not a float
        float worst = (float)(1 + d);                           // error d − 2^−40 from it: inside γ_k(float)·G

        Assert.True(Compare.InnerProductBound<float>([exact], [worst], k, [gauge]).Passed);
        // One float ulp more overshoots γ_k(float)·G by about 2^−23, far more than the γ_(k+1)(double)·G ≈ 2^−39 allowed for the reference.
        var r = Compare.InnerProductBound<float>([exact], [MathF.BitIncrement(worst)], k, [gauge]);
        Assert.False(r.Passed);
        Assert.Equal((1 << 13) + 1, r.Worst!.Value.Ulps);       // counted from the reference rounded to float (1f)
    }

    [Fact]
    public void A_double_reference_given_positionally_selects_the_overload_that_allows_for_its_rounding()
    {
        double[] reference = [1.0], actual = [1.0], gauge = [1.0];
        Assert.Equal("(γ_k + γ_(k+1)(double))·G, k = 3", Compare.InnerProductBound<double>(reference, actual, 3, gauge).Kind);
        Assert.Equal("γ_k·G, k = 3", Compare.InnerProductBound<double>(expected: reference, actual: actual, 3, gauge).Kind);
    }
}
