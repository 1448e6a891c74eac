using System;
using System.Linq;
using Xunit;

namespace Kernels.Testing.Tests;

public class TestDataTests
{
    [Fact]
    public void Uniform_is_the_reference_SplitMix64_stream_scaled_to_the_range()
    {
        // SplitMix64 from seed 1234567 yields 6457827717110365317, 3203168211198807973, 9817491932198370423 (the published
        // reference sequence); each becomes min + (max − min)·(x >> 11)·2^−53.
        Assert.Equal(new[] { -0.29984091595718376, -0.6527118066581747, 0.06441460812483846 }, TestData.Uniform<double>(3, 1234567));
        Assert.Equal(new[] { (float)-0.29984091595718376, (float)-0.6527118066581747 }, TestData.Uniform<float>(2, 1234567));
        Assert.Equal(-1 + 2 * ((6457827717110365317UL >> 11) * Math.ScaleB(1, -53)), TestData.Uniform<double>(1, 1234567)[0]);
    }

    [Fact]
    public void The_same_seed_gives_the_same_values_and_another_seed_others()
    {
        Assert.Equal(TestData.Uniform<float>(100, 7, -3, 5), TestData.Uniform<float>(100, 7, -3, 5));
        Assert.NotEqual(TestData.Uniform<float>(100, 7), TestData.Uniform<float>(100, 8));
        var filled = new double[50];
        TestData.FillUniform<double>(filled, 9, 0, 1);
        Assert.Equal(TestData.Uniform<double>(50, 9, 0, 1), filled);

        var a = new float[64];
        var b = new float[64];
        TestData.FillSmallIntegers<float>(a, 3);
        TestData.FillSmallIntegers<float>(b, 3);
        Assert.Equal(a, b);
        Assert.Equal(new float[] { 5, -6, -5, 5, 7, -7, 4, -3 }, Small(8, 1234567, 8));   // pinned
    }

    [Fact]
    public void Uniform_stays_in_its_half_open_range_even_where_rounding_to_float_would_reach_the_top()
    {
        float[] x = TestData.Uniform<float>(10_000, 1, -1, 1);
        Assert.All(x, v => Assert.InRange(v, -1f, MathF.BitDecrement(1f)));
        Assert.InRange(x.Average(), -0.05, 0.05);

        // [1, 1 + 2^−23) holds one float; without the redraw about half the draws would round up to the excluded end.
        float[] narrow = TestData.Uniform<float>(1000, 2, 1, 1 + Math.ScaleB(1, -23));
        Assert.All(narrow, v => Assert.Equal(1f, v));

        Assert.Throws<ArgumentOutOfRangeException>(() => TestData.Uniform<float>(1, 1, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TestData.Uniform<double>(1, 1, -double.MaxValue, double.MaxValue));
        Assert.Throws<ArgumentOutOfRangeException>(() => TestData.Uniform<double>(1, 1, 0, double.NaN));
    }

    [Fact]
    public void Small_integers_stay_in_range_cover_it_and_their_dot_products_are_exact_in_float()
    {
        float[] x = Small(4096, 11, 8), y = Small(4096, 12, 8);
        Assert.All(x, v => Assert.True(v == MathF.Round(v) && Math.Abs(v) <= 8, $"{v}"));
        Assert.Equal(17, x.Distinct().Count());                  // every integer in [−8, 8] appears

        float sum = 0, reversed = 0;                             // 4096·64 = 2^18 < 2^24: every partial sum is exact
        for (int i = 0; i < x.Length; i++) sum += x[i] * y[i];
        for (int i = x.Length - 1; i >= 0; i--) reversed += x[i] * y[i];
        long exact = 0;
        for (int i = 0; i < x.Length; i++) exact += (long)x[i] * (long)y[i];
        Assert.Equal(exact, (long)sum);
        Assert.Equal(sum, reversed);

        Assert.All(Small(100, 5, 0), v => Assert.Equal(0f, v));
        Assert.All(Small(100, 5, 1 << 24), v => Assert.InRange(v, -16777216f, 16777216f));
        Assert.Throws<ArgumentOutOfRangeException>(() => Small(1, 1, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Small(1, 1, int.MaxValue));
    }

    [Fact]
    public void Near_overflow_values_are_finite_and_any_two_of_one_sign_overflow_when_added()
    {
        var f = new float[1000];
        TestData.FillNearOverflow<float>(f, 21);
        Assert.All(f, v => Assert.True(float.IsFinite(v) && Math.Abs(v) >= MathF.ScaleB(1, 127), $"{v}"));
        Assert.Contains(f, v => v < 0);
        Assert.Contains(f, v => v > 0);
        float positive = f.First(v => v > 0), negative = f.First(v => v < 0);
        Assert.Equal(float.PositiveInfinity, positive + f.Where(v => v > 0).Min());
        Assert.Equal(float.NegativeInfinity, negative + f.Where(v => v < 0).Max());
        Assert.True(float.IsInfinity(positive * negative));
        Assert.Equal(float.PositiveInfinity, f.Select(Math.Abs).Aggregate(0f, (s, v) => s + v));

        var d = new double[1000];
        TestData.FillNearOverflow<double>(d, 22, binades: 3);
        Assert.All(d, v => Assert.True(double.IsFinite(v) && Math.Abs(v) >= Math.ScaleB(1, 1021), $"{v}"));
        Assert.Contains(d, v => Math.Abs(v) < Math.ScaleB(1, 1022));       // the lowest binade is reached
        Assert.Equal(double.PositiveInfinity, d.Select(Math.Abs).Take(8).Sum());   // 2^3 values of one sign overflow
        Assert.Throws<ArgumentOutOfRangeException>(() => TestData.FillNearOverflow<float>(f, 1, binades: 0));
    }

    [Fact]
    public void Near_underflow_values_straddle_the_smallest_normal_without_reaching_zero()
    {
        var f = new float[2000];
        TestData.FillNearUnderflow<float>(f, 31);
        float minNormal = MathF.ScaleB(1, -126);
        Assert.All(f, v => Assert.InRange(Math.Abs(v), MathF.ScaleB(1, -134), MathF.ScaleB(1, -118)));
        Assert.Contains(f, v => float.IsSubnormal(v));
        Assert.Contains(f, v => Math.Abs(v) >= minNormal);
        Assert.InRange(f.Count(float.IsSubnormal), 800, 1200);   // half the binades are below the smallest normal

        var d = new double[2000];
        TestData.FillNearUnderflow<double>(d, 32, binades: 4);
        Assert.All(d, v => Assert.InRange(Math.Abs(v), Math.ScaleB(1, -1026), Math.ScaleB(1, -1018)));
        Assert.Contains(d, v => double.IsSubnormal(v));
        Assert.Contains(d, v => v < 0);
    }

    [Fact]
    public void Sprinkle_honours_its_rate_and_its_values_and_says_how_many_it_replaced()
    {
        float[] x = TestData.Uniform<float>(10_000, 41);
        int replaced = TestData.Sprinkle<float>(x, 42, 0.1);
        Assert.Equal(replaced, x.Count(v => !float.IsFinite(v)));
        Assert.InRange(replaced, 850, 1150);                     // 1000 ± 5σ
        Assert.Contains(x, float.IsNaN);
        Assert.Contains(x, float.IsPositiveInfinity);
        Assert.Contains(x, float.IsNegativeInfinity);

        double[] y = TestData.Uniform<double>(1000, 43, 1, 2);
        int zeros = TestData.Sprinkle<double>(y, 44, 0.5, -0.0);
        Assert.Equal(zeros, y.Count(v => v == 0 && double.IsNegative(v)));
        Assert.Equal(1000 - zeros, y.Count(v => v >= 1));

        Assert.Equal(0, TestData.Sprinkle<float>(x, 45, 0));
        Assert.Equal(x.Length, TestData.Sprinkle<float>(x, 46, 1, 7f));
        Assert.All(x, v => Assert.Equal(7f, v));
        Assert.Throws<ArgumentOutOfRangeException>(() => TestData.Sprinkle<float>(x, 1, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => TestData.Sprinkle<float>(x, 1, double.NaN));
    }

    [Fact]
    public void Sprinkling_with_the_seed_of_the_fill_does_not_pick_elements_by_their_value()
    {
        // Were both drawn from one stream, the elements replaced would be exactly those whose uniform draw was below the
        // rate, i.e. every value in [−1, −0.8).
        float[] original = TestData.Uniform<float>(10_000, 51);
        float[] x = (float[])original.Clone();
        TestData.Sprinkle<float>(x, 51, 0.1);
        double meanOfReplaced = Enumerable.Range(0, x.Length).Where(i => !float.IsFinite(x[i])).Average(i => original[i]);
        Assert.InRange(meanOfReplaced, -0.1, 0.1);
    }

    private static float[] Small(int length, ulong seed, int maxMagnitude)
    {
        var a = new float[length];
        TestData.FillSmallIntegers<float>(a, seed, maxMagnitude);
        return a;
    }
}
