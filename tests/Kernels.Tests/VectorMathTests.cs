using System;
using System.Numerics;
using System.Runtime.Intrinsics;
using Xunit;

namespace Kernels.Tests;

/// <summary>
/// The float exp of <see cref="VectorMath"/> (behind sigmoid, tanh and softmax on every vector path) against the
/// correctly rounded e^x, at each width: across its whole range, including results that overflow, that are subnormal
/// and that underflow to zero, and for ±0, ±∞ and NaN.
/// </summary>
public class VectorMathTests
{
    [Fact]
    public void Float_exp_is_within_one_ulp_of_the_correctly_rounded_value_at_every_width()
    {
        // 200 003 points from −110 to 90 (steps that are not a fraction of ln 2, so every reduced argument is hit),
        // plus the edges: the largest finite result, the first overflow, the smallest normal and subnormal results.
        var xs = new float[200_003 + 12];
        for (int i = 0; i < 200_003; i++)
            xs[i] = -110f + 200f * i / 200_002f;
        float[] edges = [88.72283f, 88.722839f, 88.7229f, 89f, 89.5f, -87.33654f, -87.3365479f, -103.2789f, -103.9720840f, -104f, 1e-30f, -1e-30f];
        edges.CopyTo(xs, 200_003);

        foreach (var (width, exp) in Widths())
        {
            long worst = 0;
            float worstAt = 0;
            foreach (float x in xs)
            {
                float expected = (float)Math.Exp(x), actual = exp(x);
                long ulps = float.IsInfinity(expected) ? (float.IsPositiveInfinity(actual) ? 0 : long.MaxValue)
                    : Math.Abs((long)BitConverter.SingleToInt32Bits(actual) - BitConverter.SingleToInt32Bits(expected));
                if (ulps > worst) (worst, worstAt) = (ulps, x);
            }
            Assert.True(worst <= 1, $"{width}: exp({worstAt}) is {exp(worstAt)}, {worst} ulp from {(float)Math.Exp(worstAt)}");

            Assert.Equal(1f, exp(0f));
            Assert.Equal(1f, exp(-0f));
            Assert.Equal(float.PositiveInfinity, exp(float.PositiveInfinity));
            Assert.Equal(0f, exp(float.NegativeInfinity));
            Assert.True(float.IsNaN(exp(float.NaN)), $"{width}: exp(NaN) is {exp(float.NaN)}");
        }
    }

    private static (string Width, Func<float, float> Exp)[] Widths()
    {
        var list = new System.Collections.Generic.List<(string, Func<float, float>)>();
        if (Vector256.IsHardwareAccelerated)
            list.Add(("Vector256", x => VectorMath.Exp(Vector256.Create(x)).GetElement(5)));
        if (Vector128.IsHardwareAccelerated)
            list.Add(("Vector128", x => VectorMath.Exp(Vector128.Create(x)).GetElement(3)));
        if (Vector.IsHardwareAccelerated)
            list.Add(("Vector<T>", x => VectorMath.Exp(new Vector<float>(x))[Vector<float>.Count - 1]));
        return list.ToArray();
    }
}
