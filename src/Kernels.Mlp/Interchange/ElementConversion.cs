using System;
using System.Buffers.Binary;
using System.Numerics;

namespace Kernels.Mlp;

/// <summary>The element types weights arrive in, and their conversion to double: exact for all four.</summary>
internal enum ElementType
{
    Float16,
    BFloat16,
    Float32,
    Float64,
}

/// <summary>Little-endian element bytes to double and back; float16 through <see cref="Half"/>, bfloat16 by its bits.</summary>
internal static class ElementConversion
{
    public static int Size(ElementType type) => type switch
    {
        ElementType.Float16 or ElementType.BFloat16 => 2,
        ElementType.Float32 => 4,
        _ => 8,
    };

    /// <summary>Decodes <c>destination.Length</c> values from <paramref name="source"/> (exactly that many elements of <paramref name="type"/>).</summary>
    public static void ToDouble(ElementType type, ReadOnlySpan<byte> source, Span<double> destination)
    {
        if (source.Length != (long)destination.Length * Size(type))
            throw new ArgumentException("Source and destination lengths disagree.", nameof(source));
        switch (type)
        {
            case ElementType.Float16:
                for (int i = 0; i < destination.Length; i++) destination[i] = FromHalfBits(BinaryPrimitives.ReadUInt16LittleEndian(source[(2 * i)..]));
                break;
            case ElementType.BFloat16:
                for (int i = 0; i < destination.Length; i++) destination[i] = FromBFloat16Bits(BinaryPrimitives.ReadUInt16LittleEndian(source[(2 * i)..]));
                break;
            case ElementType.Float32:
                for (int i = 0; i < destination.Length; i++) destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(4 * i)..]);
                break;
            default:
                for (int i = 0; i < destination.Length; i++) destination[i] = BinaryPrimitives.ReadDoubleLittleEndian(source[(8 * i)..]);
                break;
        }
    }

    public static double FromHalfBits(ushort bits) => (double)BitConverter.UInt16BitsToHalf(bits);

    // bfloat16 is the upper half of a float32: widening is a shift.
    public static double FromBFloat16Bits(ushort bits) => BitConverter.Int32BitsToSingle(bits << 16);

    /// <summary>Writes <paramref name="values"/> as little-endian float32 (T = float) or float64 (T = double) bytes.</summary>
    public static void Write<T>(ReadOnlySpan<T> values, Span<byte> destination) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
            for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(destination[(4 * i)..], float.CreateTruncating(values[i]));
        else
            for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(destination[(8 * i)..], double.CreateTruncating(values[i]));
    }

    /// <summary>The element type a network of <typeparamref name="T"/> stores: float32 or float64.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public static ElementType Of<T>() =>
        typeof(T) == typeof(float) ? ElementType.Float32
        : typeof(T) == typeof(double) ? ElementType.Float64
        : throw new NotSupportedException($"Networks of {typeof(T).Name} cannot be exported; float and double can.");
}
