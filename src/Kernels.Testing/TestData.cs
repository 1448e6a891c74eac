using System;

namespace Kernels.Testing;

/// <summary>
/// Deterministic test inputs: the same seed gives the same values on every machine, runtime and architecture
/// (a SplitMix64 generator, not <see cref="Random"/>).
/// </summary>
public static class TestData
{
    /// <summary>Fills <paramref name="destination"/> with values uniform in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="destination">The span to fill.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="min">Lower end (inclusive).</param>
    /// <param name="max">Upper end (exclusive).</param>
    public static void FillUniform<T>(Span<T> destination, ulong seed, double min = -1, double max = 1) where T : unmanaged
    {
        var rng = new SplitMix64(seed);
        for (int i = 0; i < destination.Length; i++)
            destination[i] = Numbers.FromDouble<T>(min + (max - min) * rng.NextDouble());
    }

    /// <summary>A new array of values uniform in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="length">Number of elements.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="min">Lower end (inclusive).</param>
    /// <param name="max">Upper end (exclusive).</param>
    /// <returns>The array.</returns>
    public static T[] Uniform<T>(int length, ulong seed, double min = -1, double max = 1) where T : unmanaged
    {
        var a = new T[length];
        FillUniform<T>(a, seed, min, max);
        return a;
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with integers in [−<paramref name="maxMagnitude"/>, <paramref name="maxMagnitude"/>].
    /// Products and sums of such values are exact as long as every partial sum stays below 2^24 (float) or 2^53
    /// (double): for a dot product of length k, keep k·maxMagnitude² under that, and any summation order gives the same
    /// exact result, so SIMD and scalar outputs can be compared bitwise.
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="destination">The span to fill.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="maxMagnitude">Largest absolute value, at least 0.</param>
    public static void FillSmallIntegers<T>(Span<T> destination, ulong seed, int maxMagnitude = 8) where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxMagnitude);
        var rng = new SplitMix64(seed);
        ulong range = (ulong)(2 * maxMagnitude + 1);
        for (int i = 0; i < destination.Length; i++)
            destination[i] = Numbers.FromDouble<T>((long)(rng.Next() % range) - maxMagnitude);
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with values of random sign whose magnitudes lie within a factor of 2^<paramref name="binades"/>
    /// below the largest finite value of <typeparamref name="T"/>: sums and products of these overflow to ∞.
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="destination">The span to fill.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="binades">How many powers of two below the maximum the values may reach.</param>
    public static void FillNearOverflow<T>(Span<T> destination, ulong seed, int binades = 4) where T : unmanaged
    {
        double maxExp = typeof(T) == typeof(float) ? 127 : 1023;
        FillLogUniform(destination, seed, maxExp - binades, maxExp);
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with values of random sign from the smallest normal numbers of <typeparamref name="T"/>
    /// down into the subnormal range (<paramref name="binades"/> powers of two on either side of the smallest normal).
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="destination">The span to fill.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="binades">How many powers of two around the smallest normal the values span.</param>
    public static void FillNearUnderflow<T>(Span<T> destination, ulong seed, int binades = 8) where T : unmanaged
    {
        double minNormalExp = typeof(T) == typeof(float) ? -126 : -1022;
        FillLogUniform(destination, seed, minNormalExp - binades, minNormalExp + binades);
    }

    /// <summary>
    /// Replaces about <paramref name="rate"/> of the elements of <paramref name="destination"/>, chosen at random, by values
    /// drawn from <paramref name="specials"/> (by default NaN, +∞ and −∞).
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="destination">The span to modify.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="rate">Probability per element, in [0, 1].</param>
    /// <param name="specials">The values to sprinkle; when empty, NaN, +∞ and −∞.</param>
    /// <returns>How many elements were replaced.</returns>
    public static int Sprinkle<T>(Span<T> destination, ulong seed, double rate, params T[] specials) where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rate);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rate, 1);
        if (specials.Length == 0)
            specials = [Numbers.FromDouble<T>(double.NaN), Numbers.FromDouble<T>(double.PositiveInfinity), Numbers.FromDouble<T>(double.NegativeInfinity)];
        var rng = new SplitMix64(seed);
        int replaced = 0;
        for (int i = 0; i < destination.Length; i++)
        {
            if (rng.NextDouble() < rate)
            {
                destination[i] = specials[(int)(rng.Next() % (ulong)specials.Length)];
                replaced++;
            }
        }
        return replaced;
    }

    private static void FillLogUniform<T>(Span<T> destination, ulong seed, double lowExp, double highExp) where T : unmanaged
    {
        var rng = new SplitMix64(seed);
        for (int i = 0; i < destination.Length; i++)
        {
            double e = lowExp + (highExp - lowExp) * rng.NextDouble();
            double v = Math.Pow(2, e);
            if (typeof(T) == typeof(float)) v = Math.Min(v, float.MaxValue);
            destination[i] = Numbers.FromDouble<T>((rng.Next() & 1) == 0 ? v : -v);
        }
    }
}

/// <summary>SplitMix64 (Steele, Lea and Flood): tiny, fast, and the same sequence everywhere.</summary>
internal struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));
}
