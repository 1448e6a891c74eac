using System;
using System.Runtime.CompilerServices;

namespace Kernels.Testing;

/// <summary>
/// Distance between floating-point values in units in the last place: the number of representable values between
/// them, counting from one to the other along the number line.
/// </summary>
/// <remarks>
/// The values are laid on one line in order, −∞ … −0 = +0 … +∞, and the distance counts the steps between them.
/// Adjacent values are 1 apart, also across a binade boundary and between subnormals; +0 and −0 are 0 apart; the
/// smallest subnormals on either side of zero are 2 apart (the two zeros count as one point between them); the largest
/// finite value and ∞ are 1 apart; a value and its negation are twice its distance from zero apart.
/// Two NaNs are 0 apart whatever their signs and payloads; a NaN and a non-NaN are <see cref="long.MaxValue"/> apart.
/// For double the distance between values of opposite signs can exceed <see cref="long.MaxValue"/>; it saturates there.
/// </remarks>
public static class Ulp
{
    /// <summary>ULP distance between two floats.</summary>
    /// <param name="a">One value.</param>
    /// <param name="b">The other value.</param>
    /// <returns>The distance, symmetric in its arguments.</returns>
    public static long Distance(float a, float b)
    {
        if (float.IsNaN(a) || float.IsNaN(b))
            return float.IsNaN(a) && float.IsNaN(b) ? 0 : long.MaxValue;
        return Math.Abs(Ordinal(a) - Ordinal(b));
    }

    /// <summary>ULP distance between two doubles.</summary>
    /// <param name="a">One value.</param>
    /// <param name="b">The other value.</param>
    /// <returns>The distance, symmetric in its arguments; saturates at <see cref="long.MaxValue"/>.</returns>
    public static long Distance(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b))
            return double.IsNaN(a) && double.IsNaN(b) ? 0 : long.MaxValue;
        Int128 d = (Int128)Ordinal(a) - Ordinal(b);
        if (d < 0) d = -d;
        return d > long.MaxValue ? long.MaxValue : (long)d;
    }

    /// <summary>ULP distance for float or double values given as <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="a">One value.</param>
    /// <param name="b">The other value.</param>
    /// <returns>The distance.</returns>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static long Distance<T>(T a, T b) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return Distance(Unsafe.As<T, float>(ref a), Unsafe.As<T, float>(ref b));
        if (typeof(T) == typeof(double)) return Distance(Unsafe.As<T, double>(ref a), Unsafe.As<T, double>(ref b));
        throw new NotSupportedException($"ULP distance is defined here for float and double, not {typeof(T).Name}.");
    }

    /// <summary>
    /// The size of one ULP at <paramref name="x"/>: the gap from |x| to the next value away from zero, or for the largest
    /// finite value (which has no finite neighbour above) the gap below it, as for every other value of its binade.
    /// ∞ for ±∞ and NaN.
    /// </summary>
    /// <param name="x">The value.</param>
    /// <returns>The spacing of floats at <paramref name="x"/>, exactly (every float spacing is a double).</returns>
    public static double Size(float x)
    {
        if (!float.IsFinite(x)) return double.PositiveInfinity;
        float m = MathF.Abs(x);
        return m == float.MaxValue ? (double)m - MathF.BitDecrement(m) : (double)MathF.BitIncrement(m) - m;
    }

    /// <inheritdoc cref="Size(float)"/>
    public static double Size(double x)
    {
        if (!double.IsFinite(x)) return double.PositiveInfinity;
        double m = Math.Abs(x);
        return m == double.MaxValue ? m - Math.BitDecrement(m) : Math.BitIncrement(m) - m;
    }

    // Maps the floats onto the integers in order, with +0 and -0 both at 0.
    private static long Ordinal(float x)
    {
        int bits = BitConverter.SingleToInt32Bits(x);
        return bits >= 0 ? bits : -(long)(bits & int.MaxValue);
    }

    private static long Ordinal(double x)
    {
        long bits = BitConverter.DoubleToInt64Bits(x);
        return bits >= 0 ? bits : -(bits & long.MaxValue);
    }
}
