using System;
using System.Buffers.Binary;
using Google.Protobuf;
using Kernels.Mlp.Onnx.Proto;

namespace Kernels.Mlp.Onnx;

/// <summary>
/// Decodes ONNX <c>TensorProto</c>s: float32, float64, float16 and bfloat16 weights, int64 shapes and booleans, from
/// <c>raw_data</c> (little-endian) or from the typed fields (<c>float_data</c>, <c>double_data</c>, <c>int32_data</c>
/// holding 16-bit patterns, <c>int64_data</c>). A size that disagrees with the shape is a corrupt file
/// (<see cref="WeightsFormatException"/>); an element type or storage Kernels does not read is an unsupported model.
/// </summary>
internal static class OnnxTensors
{
    // TensorProto.DataType values (onnx.proto): the enum is not used for the field itself, which is an int32.
    public const int Float = 1, Int32 = 6, Int64 = 7, Bool = 9, Float16 = 10, Double = 11, BFloat16 = 16;

    /// <summary>The most elements one tensor may hold, so that every element count and byte count stays in range.</summary>
    private const long MaxElements = 1L << 28;

    /// <summary>Checks where a tensor keeps its data, its shape, its element type and that its data has the shape's
    /// size; returns the shape.</summary>
    public static long[] Check(TensorProto t, string name)
    {
        if (t.DataLocation == TensorProto.Types.DataLocation.External || t.ExternalData.Count > 0)
            throw new NotSupportedException($"Tensor '{name}' keeps its data in an external file; Kernels reads models whose weights are inside the .onnx file.");
        if (t.Segment is not null)
            throw new NotSupportedException($"Tensor '{name}' is a segment of a larger tensor; Kernels reads whole tensors only.");
        long[] dims = [.. t.Dims];
        long count = 1;
        foreach (long d in dims)
        {
            if (d < 0)
                throw new WeightsFormatException($"Tensor '{name}' has a negative dimension in its shape [{string.Join(", ", dims)}].");
            count *= d;
            if (count > MaxElements)
                throw new WeightsFormatException($"Tensor '{name}' of shape [{string.Join(", ", dims)}] has more than {MaxElements} elements, more than this reader accepts.");
        }
        int size = t.DataType switch
        {
            Float => 4,
            Double or Int64 => 8,
            Float16 or BFloat16 => 2,
            Bool => 1,
            _ => throw new NotSupportedException($"Tensor '{name}' has element type {TypeName(t.DataType)}; Kernels reads float32, float64, float16 and bfloat16 weights (and int64 shapes)."),
        };
        if (t.HasRawData)
        {
            if (t.RawData.Length != count * size)
                throw new WeightsFormatException($"Tensor '{name}' has {t.RawData.Length} bytes of raw_data; its shape needs {count} elements of {size} bytes ({count * size} bytes).");
            return dims;
        }
        (int present, string field) = t.DataType switch
        {
            Float => (t.FloatData.Count, "float_data"),
            Double => (t.DoubleData.Count, "double_data"),
            Int64 => (t.Int64Data.Count, "int64_data"),
            _ => (t.Int32Data.Count, "int32_data"),
        };
        if (present != count)
            throw new WeightsFormatException($"Tensor '{name}' has {present} values in {field}; its shape needs {count}.");
        if (t.DataType is Float16 or BFloat16)
            for (int i = 0; i < present; i++)
                if (t.Int32Data[i] is < 0 or > ushort.MaxValue)
                    throw new WeightsFormatException($"Tensor '{name}' holds {TypeName(t.DataType)} element {i} as {t.Int32Data[i]} in int32_data; a 16-bit pattern is 0 to 65535.");
        return dims;
    }

    /// <summary>A checked tensor's floating-point raw_data and its element type; false when its data is in typed fields or not floating-point.</summary>
    public static bool TryRaw(TensorProto t, out ElementType type, out ReadOnlySpan<byte> bytes)
    {
        bytes = t.RawData.Span;
        type = ElementTypeOf(t.DataType) ?? default;
        return t.HasRawData && ElementTypeOf(t.DataType) is not null;
    }

    /// <summary>A checked tensor's elements, widened to double.</summary>
    public static double[] ToDoubles(TensorProto t, long count)
    {
        var values = new double[count];
        ReadOnlySpan<byte> raw = t.RawData.Span;
        if (t.HasRawData)
        {
            if (ElementTypeOf(t.DataType) is { } type)
                ElementConversion.ToT<double>(type, raw, 1, values.Length, false, 1, values);
            else if (t.DataType == Int64)
                for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadInt64LittleEndian(raw[(8 * i)..]);
            else
                for (int i = 0; i < values.Length; i++) values[i] = raw[i] == 0 ? 0 : 1;
            return values;
        }
        for (int i = 0; i < values.Length; i++)
            values[i] = t.DataType switch
            {
                Float => t.FloatData[i],
                Double => t.DoubleData[i],
                Int64 => t.Int64Data[i],
                Float16 => ElementConversion.FromHalfBits((ushort)t.Int32Data[i]),
                BFloat16 => ElementConversion.FromBFloat16Bits((ushort)t.Int32Data[i]),
                _ => t.Int32Data[i] == 0 ? 0 : 1,
            };
        return values;
    }

    private static ElementType? ElementTypeOf(int dataType) => dataType switch
    {
        Float => ElementType.Float32,
        Double => ElementType.Float64,
        Float16 => ElementType.Float16,
        BFloat16 => ElementType.BFloat16,
        _ => null,
    };

    /// <summary>The ONNX name of an element type, for messages.</summary>
    public static string TypeName(int dataType) => dataType switch
    {
        0 => "UNDEFINED",
        Float => "FLOAT",
        2 => "UINT8",
        3 => "INT8",
        4 => "UINT16",
        5 => "INT16",
        Int32 => "INT32",
        Int64 => "INT64",
        8 => "STRING",
        Bool => "BOOL",
        Float16 => "FLOAT16",
        Double => "DOUBLE",
        12 => "UINT32",
        13 => "UINT64",
        14 => "COMPLEX64",
        15 => "COMPLEX128",
        BFloat16 => "BFLOAT16",
        _ => $"code {dataType}",
    };

    /// <summary>Writes float32 or float64 values as a tensor with <c>raw_data</c> (the form exporters use).</summary>
    public static TensorProto Encode<T>(string name, long[] dims, ReadOnlySpan<T> values) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var type = ElementConversion.Of<T>();
        var bytes = new byte[values.Length * ElementConversion.Size(type)];
        ElementConversion.Write(values, bytes);
        var t = new TensorProto { Name = name, DataType = type == ElementType.Float32 ? Float : Double, RawData = ByteString.CopyFrom(bytes) };
        t.Dims.Add(dims);
        return t;
    }
}
