using System;
using System.Runtime.CompilerServices;

namespace Kernels.Testing;

/// <summary>Conversions between float/double given as a type parameter and double.</summary>
internal static class Numbers
{
    public static double ToDouble<T>(T x) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return Unsafe.As<T, float>(ref x);
        if (typeof(T) == typeof(double)) return Unsafe.As<T, double>(ref x);
        throw new NotSupportedException($"Kernels.Testing handles float and double, not {typeof(T).Name}.");
    }

    public static T FromDouble<T>(double x) where T : unmanaged
    {
        if (typeof(T) == typeof(float)) { float f = (float)x; return Unsafe.As<float, T>(ref f); }
        if (typeof(T) == typeof(double)) return Unsafe.As<double, T>(ref x);
        throw new NotSupportedException($"Kernels.Testing handles float and double, not {typeof(T).Name}.");
    }

    public static bool IsNegativeZero(double x) => x == 0 && double.IsNegative(x);
}
