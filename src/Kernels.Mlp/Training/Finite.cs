using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Kernels.Mlp;

/// <summary>The largest magnitude in a span, NaN if it holds a NaN: one pass gives both a finiteness test and a bound.</summary>
internal static class Finite
{
    /// <remarks>
    /// Works on the bit patterns: with the sign bit cleared, IEEE values order as integers do, ∞ above every finite
    /// value and every NaN above ∞. So the maximum is one integer max per vector, where a floating-point max would need
    /// NaN handling on every lane.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static T MaxMagnitude<T>(ReadOnlySpan<T> values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
        {
            int bits = MaxAbsBits(MemoryMarshal.Cast<T, int>(values), int.MaxValue);
            float f = BitConverter.Int32BitsToSingle(bits);
            return Unsafe.As<float, T>(ref f);
        }
        if (typeof(T) == typeof(double))
        {
            long bits = MaxAbsBits(MemoryMarshal.Cast<T, long>(values), long.MaxValue);
            double d = BitConverter.Int64BitsToDouble(bits);
            return Unsafe.As<double, T>(ref d);
        }
        T max = T.Zero;
        foreach (T v in values)
        {
            T a = T.Abs(v);
            if (T.IsNaN(a))
                return a;
            max = T.Max(max, a);
        }
        return max;
    }

    /// <inheritdoc cref="MaxMagnitude{T}(ReadOnlySpan{T})"/>
    public static T MaxMagnitude<T>(T[] values) where T : unmanaged, IFloatingPointIeee754<T> => MaxMagnitude<T>(values.AsSpan());

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static TI MaxAbsBits<TI>(ReadOnlySpan<TI> bits, TI signCleared) where TI : unmanaged, IBinaryInteger<TI>
    {
        ref TI x = ref MemoryMarshal.GetReference(bits);
        int n = bits.Length, i = 0, w = Vector<TI>.Count;
        TI max = TI.Zero;
        if (Vector.IsHardwareAccelerated && n >= w)
        {
            var mask = new Vector<TI>(signCleared);
            Vector<TI> a0 = Vector<TI>.Zero, a1 = a0;
            for (; i + 2 * w <= n; i += 2 * w)
            {
                a0 = Vector.Max(a0, Vector.LoadUnsafe(ref x, (nuint)i) & mask);
                a1 = Vector.Max(a1, Vector.LoadUnsafe(ref x, (nuint)(i + w)) & mask);
            }
            if (i + w <= n)
            {
                a0 = Vector.Max(a0, Vector.LoadUnsafe(ref x, (nuint)i) & mask);
                i += w;
            }
            if (i < n)
                a1 = Vector.Max(a1, Vector.LoadUnsafe(ref x, (nuint)(n - w)) & mask); // the tail, overlapping
            a0 = Vector.Max(a0, a1);
            for (int j = 0; j < w; j++)
                max = TI.Max(max, a0[j]);
            return max;
        }
        for (; i < n; i++)
            max = TI.Max(max, Unsafe.Add(ref x, i) & signCleared);
        return max;
    }
}
