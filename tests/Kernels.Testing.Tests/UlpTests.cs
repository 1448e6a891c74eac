using System;
using Xunit;

namespace Kernels.Testing.Tests;

public class UlpTests
{
    private static float F(int bits) => BitConverter.Int32BitsToSingle(bits);

    private static double D(long bits) => BitConverter.Int64BitsToDouble(bits);

    [Fact]
    public void Adjacent_floats_are_one_apart_also_across_a_binade_and_below_zero()
    {
        Assert.Equal(1, Ulp.Distance(1f, MathF.BitIncrement(1f)));
        Assert.Equal(1, Ulp.Distance(MathF.BitDecrement(2f), 2f));            // 1.99999988 → 2: the exponent changes
        Assert.Equal(1, Ulp.Distance(-1f, MathF.BitDecrement(-1f)));
        Assert.Equal(3, Ulp.Distance(1f, 1f + 3 * MathF.Pow(2, -23)));
        Assert.Equal(0, Ulp.Distance(0.1f, 0.1f));
    }

    [Fact]
    public void Across_zero_the_two_zeros_count_as_one_point()
    {
        Assert.Equal(0, Ulp.Distance(0f, -0f));
        Assert.Equal(1, Ulp.Distance(-0f, float.Epsilon));
        Assert.Equal(1, Ulp.Distance(-float.Epsilon, 0f));
        Assert.Equal(2, Ulp.Distance(-float.Epsilon, float.Epsilon));
        Assert.Equal(2L * 0x3F800000, Ulp.Distance(-1f, 1f));                  // twice 1's distance from zero
        Assert.Equal(0, Ulp.Distance(0.0, -0.0));
        Assert.Equal(2, Ulp.Distance(-double.Epsilon, double.Epsilon));
    }

    [Fact]
    public void Subnormal_neighbours_are_one_apart()
    {
        Assert.Equal(1, Ulp.Distance(float.Epsilon, 2 * float.Epsilon));
        Assert.Equal(1, Ulp.Distance(F(0x007FFFFF), F(0x00800000)));           // largest subnormal → smallest normal
        Assert.Equal(0x00800000, Ulp.Distance(0f, F(0x00800000)));             // 2^23 subnormals below the smallest normal
        Assert.Equal(1, Ulp.Distance(D(0x000FFFFFFFFFFFFF), D(0x0010000000000000)));
        Assert.Equal(1, Ulp.Distance(double.Epsilon, 2 * double.Epsilon));
    }

    [Fact]
    public void Infinity_is_one_step_beyond_the_largest_finite_value()
    {
        Assert.Equal(1, Ulp.Distance(float.MaxValue, float.PositiveInfinity));
        Assert.Equal(1, Ulp.Distance(float.NegativeInfinity, float.MinValue));
        Assert.Equal(2L * 0x7F800000, Ulp.Distance(float.NegativeInfinity, float.PositiveInfinity));
        Assert.Equal(0, Ulp.Distance(float.PositiveInfinity, float.PositiveInfinity));
        Assert.Equal(1, Ulp.Distance(double.MaxValue, double.PositiveInfinity));
        Assert.Equal(1, Ulp.Distance(double.NegativeInfinity, double.MinValue));
    }

    [Fact]
    public void NaN_is_zero_from_any_NaN_and_the_maximum_from_anything_else()
    {
        float quiet = float.NaN, payload = F(0x7FC00123), negative = F(unchecked((int)0xFFC00000)), signalling = F(0x7F800001);
        Assert.Equal(0, Ulp.Distance(quiet, payload));
        Assert.Equal(0, Ulp.Distance(negative, signalling));
        Assert.Equal(long.MaxValue, Ulp.Distance(float.NaN, 0f));
        Assert.Equal(long.MaxValue, Ulp.Distance(1f, float.NaN));
        Assert.Equal(long.MaxValue, Ulp.Distance(float.NaN, float.PositiveInfinity));
        Assert.Equal(0, Ulp.Distance(double.NaN, D(unchecked((long)0xFFF8000000000001))));
        Assert.Equal(long.MaxValue, Ulp.Distance(double.NaN, 1.0));
    }

    [Fact]
    public void Double_distances_are_exact_and_saturate_only_beyond_long()
    {
        Assert.Equal(1, Ulp.Distance(1.0, Math.BitIncrement(1.0)));
        Assert.Equal(1L << 29, Ulp.Distance(1.0, (double)MathF.BitIncrement(1f)));   // one float ulp at 1 = 2^29 double ulps
        Assert.Equal(2 * 0x3FF0000000000000L, Ulp.Distance(-1.0, 1.0));
        Assert.Equal(long.MaxValue, Ulp.Distance(double.MinValue, double.MaxValue));   // 2·(2^63 − 2^52 − 1) > long.MaxValue
    }

    [Fact]
    public void Distance_is_symmetric_and_the_generic_form_agrees()
    {
        float[] v = [0f, -0f, float.Epsilon, -1.5f, 3e38f, float.PositiveInfinity, float.NaN, 1e-40f];
        foreach (float a in v)
            foreach (float b in v)
            {
                Assert.Equal(Ulp.Distance(a, b), Ulp.Distance(b, a));
                Assert.Equal(Ulp.Distance(a, b), Ulp.Distance<float>(a, b));
                Assert.Equal(Ulp.Distance((double)a, b), Ulp.Distance<double>(a, b));
            }
        Assert.Throws<NotSupportedException>(() => Ulp.Distance<int>(1, 2));
    }

    [Fact]
    public void Size_is_the_spacing_at_the_value()
    {
        Assert.Equal(Math.ScaleB(1, -23), Ulp.Size(1f));
        Assert.Equal(Math.ScaleB(1, -23), Ulp.Size(-1.5f));
        Assert.Equal(Math.ScaleB(1, -22), Ulp.Size(2f));
        Assert.Equal(float.Epsilon, Ulp.Size(0f));
        Assert.Equal(float.Epsilon, Ulp.Size(F(0x007FFFFF)));
        Assert.Equal(Math.ScaleB(1, 104), Ulp.Size(float.MaxValue));           // the spacing of its binade, not ∞
        Assert.Equal(double.PositiveInfinity, Ulp.Size(float.NegativeInfinity));
        Assert.Equal(double.PositiveInfinity, Ulp.Size(float.NaN));
        Assert.Equal(Math.ScaleB(1, -52), Ulp.Size(1.0));
        Assert.Equal(Math.ScaleB(1, 971), Ulp.Size(double.MaxValue));
        Assert.Equal(double.Epsilon, Ulp.Size(-0.0));
    }
}
