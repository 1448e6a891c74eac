using System;
using System.Linq;
using Google.Protobuf;
using Kernels.Mlp.Onnx;
using Kernels.Mlp.Onnx.Proto;

namespace Kernels.Mlp.Tests.Interchange;

/// <summary>Builds small ONNX models in the tests (through the same generated protobuf classes the reader uses).</summary>
internal sealed class OnnxBuilder
{
    private readonly GraphProto _graph = new() { Name = "test" };

    public long Opset { get; set; } = 13;

    public string Domain { get; set; } = "";

    public OnnxBuilder Input(string name, params object[] dims) => Value(_graph.Input, name, OnnxTensors.Float, dims);

    public OnnxBuilder Output(string name, params object[] dims) => Value(_graph.Output, name, OnnxTensors.Float, dims);

    public OnnxBuilder Initializer(string name, long[] dims, params float[] values)
    {
        var t = new TensorProto { Name = name, DataType = OnnxTensors.Float, RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan())) };
        t.Dims.Add(dims);
        _graph.Initializer.Add(t);
        return this;
    }

    public OnnxBuilder Initializer(TensorProto tensor)
    {
        _graph.Initializer.Add(tensor);
        return this;
    }

    /// <summary>A weight of the given shape filled with small distinct values.</summary>
    public OnnxBuilder Weight(string name, int rows, int cols) =>
        Initializer(name, [rows, cols], [.. Enumerable.Range(0, rows * cols).Select(i => (i % 7 - 3) / 8f)]);

    public OnnxBuilder Node(string op, string name, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.Add(inputs);
        node.Output.Add(outputs);
        node.Attribute.Add(attributes);
        _graph.Node.Add(node);
        return this;
    }

    public OnnxBuilder Node(string op, string name, string input, string output, params AttributeProto[] attributes) =>
        Node(op, name, [input], [output], attributes);

    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Tensor(string name, TensorProto value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Tensor, T = value };

    public ModelProto Model()
    {
        var model = new ModelProto { IrVersion = 8, ProducerName = "tests", Graph = _graph.Clone() };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = Domain, Version = Opset });
        return model;
    }

    public byte[] Bytes() => Model().ToByteArray();

    private OnnxBuilder Value(Google.Protobuf.Collections.RepeatedField<ValueInfoProto> list, string name, int elementType, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(d is string p ? new TensorShapeProto.Types.Dimension { DimParam = p } : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(d, System.Globalization.CultureInfo.InvariantCulture) });
        list.Add(new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elementType, Shape = shape } } });
        return this;
    }

    /// <summary>A valid two-layer model: x (N, 4) → Gemm 'fc1' (4→3) → Relu 'act1' → Gemm 'fc2' (3→2) → y.</summary>
    public static OnnxBuilder TwoLayers() => new OnnxBuilder()
        .Input("x", "N", 4).Output("y", "N", 2)
        .Weight("w1", 3, 4).Initializer("b1", [3], 0.5f, -0.25f, 0.125f)
        .Weight("w2", 2, 3).Initializer("b2", [2], 1f, -1f)
        .Node("Gemm", "fc1", ["x", "w1", "b1"], ["h1"], Int("transB", 1))
        .Node("Relu", "act1", "h1", "a1")
        .Node("Gemm", "fc2", ["a1", "w2", "b2"], ["y"], Int("transB", 1));
}
