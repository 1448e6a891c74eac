using System;

namespace Kernels.Testing;

/// <summary>
/// Distance between floating-point values in units in the last place: the number of representable values between
/// them, counting from one to the other along the number line.
/// </summary>
/// <remarks>
/// Adjacent values are 1 apart; +0 and −0 are 0 apart; the smallest subnormals on either side of zero are 2 apart
/// (they are separated by the two zeros, which count as one point); the largest finite value and ∞ are 1 apart.
/// Two NaNs are 0 apart whatever their payloads; a NaN and a non-NaN are <see cref="long.MaxValue"/> apart.
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
        if (typeof(T) == typeof(float)) return Distance(System.Runtime.CompilerServices.Unsafe.As<T, float>(ref a), System.Runtime.CompilerServices.Unsafe.As<T, float>(ref b));
        if (typeof(T) == typeof(double)) return Distance(System.Runtime.CompilerServices.Unsafe.As<T, double>(ref a), System.Runtime.CompilerServices.Unsafe.As<T, double>(ref b));
        throw new NotSupportedException($"ULP distance is defined here for float and double, not {typeof(T).Name}.");
    }

    /// <summary>The size of one ULP at <paramref name="x"/>: the gap to the next value away from zero (∞ for ∞ and NaN).</summary>
    /// <param name="x">The value.</param>
    /// <returns>The spacing of floats at <paramref name="x"/>.</returns>
    public static double Size(float x) => float.IsFinite(x) ? (double)MathF.BitIncrement(MathF.Abs(x)) - MathF.Abs(x) : double.PositiveInfinity;

    /// <inheritdoc cref="Size(float)"/>
    public static double Size(double x) => double.IsFinite(x) ? Math.BitIncrement(Math.Abs(x)) - Math.Abs(x) : double.PositiveInfinity;

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
