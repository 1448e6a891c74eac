using System;
using System.Linq;
using System.Numerics;
using Kernels.Mlp.Onnx.Proto;

namespace Kernels.Mlp.Onnx;

/// <summary>
/// A constant tensor of a graph (an initializer or a <c>Constant</c> node's value): its shape, validated, and its data,
/// decoded on demand — as doubles for small operands (biases, shapes, flags), or straight into a layer's weights in T.
/// </summary>
internal sealed class ConstantTensor
{
    private readonly TensorProto? _proto;
    private double[]? _values;

    /// <summary>A tensor from a <c>TensorProto</c>; its location, shape, type and data size are checked here.</summary>
    public ConstantTensor(TensorProto proto, string name)
    {
        Name = name;
        Dims = OnnxTensors.Check(proto, name);
        _proto = proto;
    }

    /// <summary>A tensor given by value (a Constant node's <c>value_float(s)</c> or <c>value_int(s)</c>).</summary>
    public ConstantTensor(string name, long[] dims, double[] values)
    {
        Name = name;
        Dims = dims;
        _values = values;
    }

    public string Name { get; }

    public long[] Dims { get; }

    public int Rank => Dims.Length;

    /// <summary>The number of elements.</summary>
    public long Count => Dims.Aggregate(1L, (p, d) => p * d);

    public string ShapeText => "[" + string.Join(", ", Dims) + "]";

    /// <summary>The elements in row-major order, widened to double (exact for every type read).</summary>
    public double[] Values => _values ??= OnnxTensors.ToDoubles(_proto!, Count);

    /// <summary>A rank-2 tensor's elements in T, transposed or not, each times <paramref name="scale"/> (in double) and rounded once.</summary>
    public T[] Matrix<T>(bool transpose, double scale) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = (int)Dims[0], cols = (int)Dims[1];
        var result = new T[checked(rows * cols)];
        if (_values is null && OnnxTensors.TryRaw(_proto!, out var type, out var raw))
            ElementConversion.ToT(type, raw, rows, cols, transpose, scale, result.AsSpan());
        else
            ElementConversion.ToT<T>(Values, rows, cols, transpose, scale, result);
        return result;
    }
}
