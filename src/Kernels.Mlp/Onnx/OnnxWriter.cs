using System;
using System.Numerics;
using Google.Protobuf;
using Kernels.Mlp.Onnx.Proto;

namespace Kernels.Mlp.Onnx;

/// <summary>
/// Writes a network as an ONNX model (opset 17, IR version 8): input <c>input</c> of shape (batch, N0) with a symbolic
/// batch, one <c>Gemm</c> per layer (transB = 1, so the weights are stored as the network holds them, N_h×N_(h−1)),
/// its activation, a trailing <c>Softmax</c> or <c>LogSoftmax</c> for the output transform, and output <c>output</c>.
/// Elements are float32 or float64 as the network's; masks are not written (masked weights are zeros already).
/// </summary>
internal static class OnnxWriter
{
    public const int Opset = 17;
    private const int IrVersion = 8;

    public static byte[] Write<T>(Network<T> network) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int elementType = ElementConversion.Of<T>() == ElementType.Float32 ? OnnxTensors.Float : OnnxTensors.Double;
        var graph = new GraphProto { Name = "Kernels.Mlp" };
        graph.Input.Add(Value("input", elementType, network.InputSize));
        string current = "input";
        for (int h = 0; h < network.Layers.Count; h++)
        {
            var layer = network.Layers[h];
            string w = $"layer{h}.weight", b = $"layer{h}.bias", z = $"layer{h}.linear";
            graph.Initializer.Add(OnnxTensors.Encode<T>(w, [layer.OutputSize, layer.InputSize], layer.W));
            graph.Initializer.Add(OnnxTensors.Encode<T>(b, [layer.OutputSize], layer.B));
            var gemm = Node("Gemm", $"layer{h}/Gemm", [current, w, b], z);
            gemm.Attribute.Add(new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
            graph.Node.Add(gemm);
            current = z;
            string? op = layer.Activation switch
            {
                Activation.Relu => "Relu",
                Activation.Sigmoid => "Sigmoid",
                Activation.Tanh => "Tanh",
                _ => null,
            };
            if (op is not null)
            {
                graph.Node.Add(Node(op, $"layer{h}/{op}", [current], $"layer{h}.{op.ToLowerInvariant()}"));
                current = $"layer{h}.{op.ToLowerInvariant()}";
            }
        }
        if (network.OutputTransform != OutputTransform.None)
        {
            string op = network.OutputTransform == OutputTransform.Softmax ? "Softmax" : "LogSoftmax";
            var node = Node(op, $"output/{op}", [current], op.ToLowerInvariant());
            node.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = -1 });
            graph.Node.Add(node);
            current = op.ToLowerInvariant();
        }
        // The graph output is named "output": an Identity renames the last value.
        graph.Node.Add(Node("Identity", "output/Identity", [current], "output"));
        graph.Output.Add(Value("output", elementType, network.OutputSize));

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "Kernels.Mlp",
            ProducerVersion = typeof(OnnxWriter).Assembly.GetName().Version?.ToString() ?? "",
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return model.ToByteArray();
    }

    private static NodeProto Node(string op, string name, string[] inputs, string output)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.Add(inputs);
        node.Output.Add(output);
        return node;
    }

    private static ValueInfoProto Value(string name, int elementType, int features)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "batch" });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = features });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elementType, Shape = shape } },
        };
    }
}
