using System;
using System.Linq;
using System.Numerics;
using Xunit;

namespace Kernels.Mlp.Tests;

/// <summary>The trainer's max-magnitude scan (bit patterns, integer max) against the plain definition.</summary>
public class FiniteTests
{
    [Fact]
    public void MaxMagnitude_float_matches_the_definition_at_every_length_and_position() => Every<float>();

    [Fact]
    public void MaxMagnitude_double_matches_the_definition_at_every_length_and_position() => Every<double>();

    private static void Every<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(3);
        int longest = 3 * Vector<int>.Count * 2 + 1;
        for (int n = 0; n <= longest; n++)
        {
            T[] x = Enumerable.Range(0, n).Select(_ => T.CreateChecked((rng.NextDouble() - 0.5) * 8)).ToArray();
            Assert.Equal(Reference(x), Finite.MaxMagnitude<T>(x));
            foreach (T special in new[] { T.PositiveInfinity, T.NegativeInfinity, T.NaN, T.CreateChecked(-100), T.Epsilon, -T.BitDecrement(T.PositiveInfinity) })
                for (int at = 0; at < n; at++)
                {
                    T[] y = (T[])x.Clone();
                    y[at] = special;
                    T got = Finite.MaxMagnitude<T>(y), expected = Reference(y);
                    Assert.True(T.IsNaN(expected) ? T.IsNaN(got) : got == expected, $"n = {n}, {special} at {at}: {got}, expected {expected}");
                }
        }
    }

    private static T Reference<T>(T[] x) where T : IFloatingPointIeee754<T>
    {
        T max = T.Zero;
        foreach (T v in x)
        {
            if (T.IsNaN(v)) return v;
            max = T.Max(max, T.Abs(v));
        }
        return max;
    }
}
