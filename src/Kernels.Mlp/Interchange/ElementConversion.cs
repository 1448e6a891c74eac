using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Kernels.Mlp;

/// <summary>The element types weights arrive in (each widens to double exactly).</summary>
internal enum ElementType
{
    Float16,
    BFloat16,
    Float32,
    Float64,
}

/// <summary>Little-endian element bytes to float or double and back; float16 through <see cref="Half"/>, bfloat16 by its bits.</summary>
internal static class ElementConversion
{
    public static int Size(ElementType type) => type switch
    {
        ElementType.Float16 or ElementType.BFloat16 => 2,
        ElementType.Float32 => 4,
        _ => 8,
    };

    /// <summary>
    /// Decodes little-endian elements of <paramref name="type"/> into T (each rounded once; exact for F32 into float and F64
    /// into double, which are plain copies), optionally transposing a rows×cols source and scaling by
    /// <paramref name="scale"/> in double before rounding.
    /// </summary>
    /// <param name="type">The source element type.</param>
    /// <param name="source">rows·cols elements.</param>
    /// <param name="rows">Rows of the source (1 for a vector).</param>
    /// <param name="cols">Columns of the source.</param>
    /// <param name="transpose">Whether the destination is the source's transpose (cols×rows).</param>
    /// <param name="scale">A factor applied in double before rounding (1: none).</param>
    /// <param name="destination">rows·cols elements.</param>
    public static void ToT<T>(ElementType type, ReadOnlySpan<byte> source, int rows, int cols, bool transpose, double scale, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (source.Length != (long)rows * cols * Size(type) || destination.Length != (long)rows * cols)
            throw new ArgumentException("Source and destination lengths disagree.", nameof(source));
        LittleEndianHost();
        switch (type)
        {
            case ElementType.Float32: Copy(MemoryMarshal.Cast<byte, float>(source), rows, cols, transpose, scale, destination); break;
            case ElementType.Float64: Copy(MemoryMarshal.Cast<byte, double>(source), rows, cols, transpose, scale, destination); break;
            case ElementType.Float16: Copy(MemoryMarshal.Cast<byte, Half>(source), rows, cols, transpose, scale, destination); break;
            default: Copy(MemoryMarshal.Cast<byte, BFloat16Bits>(source), rows, cols, transpose, scale, destination); break;
        }
    }

    /// <summary>The same from values already decoded (typed protobuf fields, small constants).</summary>
    public static void ToT<T>(ReadOnlySpan<double> source, int rows, int cols, bool transpose, double scale, Span<T> destination)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Copy(source, rows, cols, transpose, scale, destination);

    private static void Copy<TSource, T>(ReadOnlySpan<TSource> source, int rows, int cols, bool transpose, double scale, Span<T> destination)
        where TSource : unmanaged
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!transpose && scale == 1 && typeof(TSource) == typeof(T))
        {
            MemoryMarshal.Cast<TSource, T>(source).CopyTo(destination);
            return;
        }
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                double v = Widen(source[r * cols + c]);
                if (scale != 1) v *= scale;
                destination[transpose ? c * rows + r : r * cols + c] = T.CreateTruncating(v);
            }
    }

    private static double Widen<TSource>(TSource v) where TSource : unmanaged
    {
        if (typeof(TSource) == typeof(float)) return Unsafe.As<TSource, float>(ref v);
        if (typeof(TSource) == typeof(double)) return Unsafe.As<TSource, double>(ref v);
        if (typeof(TSource) == typeof(Half)) return (double)Unsafe.As<TSource, Half>(ref v);
        return FromBFloat16Bits(Unsafe.As<TSource, BFloat16Bits>(ref v).Bits);
    }

    /// <summary>A bfloat16 element as stored: its 16 bits.</summary>
    private readonly record struct BFloat16Bits(ushort Bits);

    private static void LittleEndianHost()
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Weights files are little-endian and this host is not.");
    }

    public static double FromHalfBits(ushort bits) => (double)BitConverter.UInt16BitsToHalf(bits);

    // bfloat16 is the upper half of a float32: widening is a shift.
    public static double FromBFloat16Bits(ushort bits) => BitConverter.Int32BitsToSingle(bits << 16);

    /// <summary>Writes <paramref name="values"/> as little-endian float32 (T = float) or float64 (T = double) bytes.</summary>
    public static void Write<T>(ReadOnlySpan<T> values, Span<byte> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        _ = Of<T>();
        LittleEndianHost();
        MemoryMarshal.AsBytes(values).CopyTo(destination);
    }

    /// <summary>The element type a network of <typeparamref name="T"/> stores: float32 or float64.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static ElementType Of<T>() =>
        typeof(T) == typeof(float) ? ElementType.Float32
        : typeof(T) == typeof(double) ? ElementType.Float64
        : throw new NotSupportedException($"Networks of {typeof(T).Name} cannot be exported; float and double can.");
}
