using System;
using Kernels.Shared;

namespace Kernels.Testing;

/// <summary>
/// Deterministic test inputs: the same seed gives the same values on every machine, runtime and architecture
/// (a SplitMix64 generator and plain IEEE arithmetic, no <see cref="Random"/> and no libm calls).
/// </summary>
/// <remarks>
/// Each method draws from its own stream, so filling and then sprinkling a span with the same seed does not correlate
/// the two. Filling a span in one call or in pieces with the same seed does not give the same values: every call
/// starts its stream afresh.
/// </remarks>
public static class TestData
{
    /// <summary>Fills <paramref name="destination"/> with values uniform in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="destination">The span to fill.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="min">Lower end (inclusive).</param>
    /// <param name="max">Upper end (exclusive; a draw that rounds up to it in <typeparamref name="T"/> is drawn again).</param>
    /// <exception cref="ArgumentOutOfRangeException">The ends are not finite, <paramref name="min"/> ≥ <paramref name="max"/>,
    /// or the range is too wide for double.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void FillUniform<T>(Span<T> destination, ulong seed, double min = -1, double max = 1) where T : unmanaged
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || !(min < max) || !double.IsFinite(max - min))
            throw new ArgumentOutOfRangeException(nameof(max), $"Need finite min < max with a finite width; got [{min}, {max}).");
        var rng = new SplitMix64(seed);
        for (int i = 0; i < destination.Length; i++)
        {
            T v;
            do v = Numbers.FromDouble<T>(min + (max - min) * rng.NextDouble());
            while (Numbers.ToDouble(v) >= max);
            destination[i] = v;
        }
    }

    /// <summary>A new array of values uniform in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="length">Number of elements.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="min">Lower end (inclusive).</param>
    /// <param name="max">Upper end (exclusive).</param>
    /// <returns>The array; the same values as <see cref="FillUniform{T}"/> with the same seed.</returns>
    /// <exception cref="ArgumentOutOfRangeException">As for <see cref="FillUniform{T}"/>, or <paramref name="length"/> is negative.</exception>
    public static T[] Uniform<T>(int length, ulong seed, double min = -1, double max = 1) where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
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
    /// <param name="maxMagnitude">Largest absolute value, from 0 to 2^24 (beyond, float would round the integers).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxMagnitude"/> is negative or above 2^24.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void FillSmallIntegers<T>(Span<T> destination, ulong seed, int maxMagnitude = 8) where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxMagnitude);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMagnitude, 1 << 24);
        var rng = new SplitMix64(seed ^ SmallIntegersStream);
        ulong range = 2 * (ulong)maxMagnitude + 1;
        for (int i = 0; i < destination.Length; i++)
            destination[i] = Numbers.FromDouble<T>((long)(rng.Next() % range) - maxMagnitude);
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with values of random sign in the top <paramref name="binades"/> binades of
    /// <typeparamref name="T"/>: magnitudes from 2^(E − binades) up to the largest finite value, where 2^E is the first
    /// power of two beyond it (2^128 for float, 2^1024 for double). With the default of one binade, every magnitude is at
    /// least half the overflow threshold: any two values of the same sign overflow to ∞ when added, and any two
    /// overflow when multiplied. With b binades, it takes up to 2^b values of the same sign to overflow a sum.
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="destination">The span to fill.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="binades">How many binades below the overflow threshold the values may reach, from 1 to 64.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="binades"/> is outside 1..64.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void FillNearOverflow<T>(Span<T> destination, ulong seed, int binades = 1) where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(binades, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(binades, 64);
        int top = IsSingle<T>() ? 128 : 1024;
        FillLogUniform(destination, seed ^ NearOverflowStream, top - binades, top);
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with values of random sign around the smallest normal number 2^m of
    /// <typeparamref name="T"/> (m = −126 for float, −1022 for double): <paramref name="binades"/> binades of normal numbers
    /// above it and as many of subnormals below it, each binade equally likely.
    /// </summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="destination">The span to fill.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="binades">How many binades on either side of the smallest normal the values span, from 1 to 20
    /// (float has 23 binades of subnormals, double 52).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="binades"/> is outside 1..20.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static void FillNearUnderflow<T>(Span<T> destination, ulong seed, int binades = 8) where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(binades, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(binades, 20);
        int minNormal = IsSingle<T>() ? -126 : -1022;
        FillLogUniform(destination, seed ^ NearUnderflowStream, minNormal - binades, minNormal + binades);
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
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rate"/> is not in [0, 1].</exception>
    /// <exception cref="NotSupportedException">No <paramref name="specials"/> given and <typeparamref name="T"/> is neither float nor double.</exception>
    public static int Sprinkle<T>(Span<T> destination, ulong seed, double rate, params T[] specials) where T : unmanaged
    {
        if (!(rate >= 0 && rate <= 1))
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "The rate must be in [0, 1].");
        ArgumentNullException.ThrowIfNull(specials);
        if (specials.Length == 0)
            specials = [Numbers.FromDouble<T>(double.NaN), Numbers.FromDouble<T>(double.PositiveInfinity), Numbers.FromDouble<T>(double.NegativeInfinity)];
        var rng = new SplitMix64(seed ^ SprinkleStream);
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

    // Distinct streams per method, so one seed used for a fill and a sprinkle gives unrelated draws.
    private const ulong SmallIntegersStream = 0x5EED_0001_0000_0000, NearOverflowStream = 0x5EED_0002_0000_0000,
                        NearUnderflowStream = 0x5EED_0003_0000_0000, SprinkleStream = 0x5EED_0004_0000_0000;

    private static bool IsSingle<T>() => typeof(T) == typeof(float);

    // Binade uniform in [lowExp, highExp), significand uniform in [1, 2), random sign; built with ScaleB (exact, no libm)
    // and rounded once to T, which is where subnormals lose their low bits. Magnitudes are capped at T's largest finite value.
    private static void FillLogUniform<T>(Span<T> destination, ulong seed, int lowExp, int highExp) where T : unmanaged
    {
        var rng = new SplitMix64(seed);
        double max = IsSingle<T>() ? float.MaxValue : double.MaxValue;
        ulong binades = (ulong)(highExp - lowExp);
        for (int i = 0; i < destination.Length; i++)
        {
            int e = lowExp + (int)(rng.Next() % binades);
            ulong bits = rng.Next();
            double significand = 1 + (bits >> 12) * (1.0 / (1UL << 52));   // 52 random bits
            double v = Math.Min(Math.ScaleB(significand, e), max);
            destination[i] = Numbers.FromDouble<T>((bits & 1) == 0 ? v : -v);
        }
    }
}
