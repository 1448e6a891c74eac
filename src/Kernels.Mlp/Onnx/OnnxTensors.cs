using System;
using System.Buffers.Binary;
using Google.Protobuf;
using Kernels.Mlp.Onnx.Proto;

namespace Kernels.Mlp.Onnx;

/// <summary>A constant tensor of a graph (an initializer or a <c>Constant</c> node's value), decoded.</summary>
/// <param name="Name">Its name in the graph.</param>
/// <param name="Dims">Its shape.</param>
/// <param name="Values">Its elements in row-major order, widened to double (exact for every type read).</param>
internal sealed record ConstantTensor(string Name, long[] Dims, double[] Values)
{
    public int Rank => Dims.Length;

    public string ShapeText => "[" + string.Join(", ", Dims) + "]";
}

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

    /// <summary>The most elements one tensor may hold: its doubles must fit one array.</summary>
    private const long MaxElements = 1L << 28;

    public static ConstantTensor Decode(TensorProto t, string name)
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
        var values = new double[count];
        ReadOnlySpan<byte> raw = t.RawData.Span;
        bool hasRaw = t.HasRawData;
        switch (t.DataType)
        {
            case Float:
                if (hasRaw) FromRaw(raw, ElementType.Float32, values, name);
                else { Typed(t.FloatData.Count, count, "float_data", name); for (int i = 0; i < values.Length; i++) values[i] = t.FloatData[i]; }
                break;
            case Double:
                if (hasRaw) FromRaw(raw, ElementType.Float64, values, name);
                else { Typed(t.DoubleData.Count, count, "double_data", name); for (int i = 0; i < values.Length; i++) values[i] = t.DoubleData[i]; }
                break;
            case Float16:
            case BFloat16:
                var type = t.DataType == Float16 ? ElementType.Float16 : ElementType.BFloat16;
                if (hasRaw) FromRaw(raw, type, values, name);
                else
                {
                    Typed(t.Int32Data.Count, count, "int32_data", name);
                    for (int i = 0; i < values.Length; i++)
                    {
                        int bits = t.Int32Data[i];
                        if (bits is < 0 or > ushort.MaxValue)
                            throw new WeightsFormatException($"Tensor '{name}' holds {TypeName(t.DataType)} element {i} as {bits} in int32_data; a 16-bit pattern is 0 to 65535.");
                        values[i] = type == ElementType.Float16 ? ElementConversion.FromHalfBits((ushort)bits) : ElementConversion.FromBFloat16Bits((ushort)bits);
                    }
                }
                break;
            case Int64:
                if (hasRaw)
                {
                    RawLength(raw, count, 8, name);
                    for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadInt64LittleEndian(raw[(8 * i)..]);
                }
                else { Typed(t.Int64Data.Count, count, "int64_data", name); for (int i = 0; i < values.Length; i++) values[i] = t.Int64Data[i]; }
                break;
            case Bool:
                if (hasRaw)
                {
                    RawLength(raw, count, 1, name);
                    for (int i = 0; i < values.Length; i++) values[i] = raw[i] == 0 ? 0 : 1;
                }
                else { Typed(t.Int32Data.Count, count, "int32_data", name); for (int i = 0; i < values.Length; i++) values[i] = t.Int32Data[i] == 0 ? 0 : 1; }
                break;
            default:
                throw new NotSupportedException($"Tensor '{name}' has element type {TypeName(t.DataType)}; Kernels reads float32, float64, float16 and bfloat16 weights (and int64 shapes).");
        }
        return new ConstantTensor(name, dims, values);
    }

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

    private static void FromRaw(ReadOnlySpan<byte> raw, ElementType type, double[] values, string name)
    {
        RawLength(raw, values.Length, ElementConversion.Size(type), name);
        ElementConversion.ToDouble(type, raw, values);
    }

    private static void RawLength(ReadOnlySpan<byte> raw, long count, int size, string name)
    {
        if (raw.Length != count * size)
            throw new WeightsFormatException($"Tensor '{name}' has {raw.Length} bytes of raw_data; its shape needs {count} elements of {size} bytes ({count * size} bytes).");
    }

    private static void Typed(int present, long count, string field, string name)
    {
        if (present != count)
            throw new WeightsFormatException($"Tensor '{name}' has {present} values in {field}; its shape needs {count}.");
    }
}
