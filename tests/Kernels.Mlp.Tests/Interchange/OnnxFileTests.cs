using System;
using System.IO;
using System.Linq;
using Google.Protobuf;
using Kernels.Mlp.Onnx;
using Kernels.Mlp.Onnx.Proto;
using Xunit;
using static Kernels.Mlp.Tests.Interchange.OnnxBuilder;

namespace Kernels.Mlp.Tests.Interchange;

/// <summary>
/// LoadOnnx and SaveOnnx: round trips bit for bit, the graph forms each exporter writes, and every way a file can be
/// refused — truncated or corrupt bytes (<see cref="WeightsFormatException"/>), graphs that are not an MLP
/// (<see cref="NotSupportedException"/> naming the node, its op type and the reason).
/// </summary>
public sealed class OnnxFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("onnx-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Saved<T>(Network<T> net) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        using var ms = new MemoryStream();
        net.SaveOnnx(ms);
        return ms.ToArray();
    }

    private static Network<float> Load(byte[] model) => Network<float>.LoadOnnx(new MemoryStream(model));

    private static string Refused(OnnxBuilder b, params string[] fragments)
    {
        var e = Assert.Throws<NotSupportedException>(() => Load(b.Bytes()));
        foreach (string f in fragments)
            Assert.Contains(f, e.Message, StringComparison.Ordinal);
        return e.Message;
    }

    private static string Corrupt(byte[] model, params string[] fragments)
    {
        var e = Assert.Throws<WeightsFormatException>(() => Load(model));
        foreach (string f in fragments)
            Assert.Contains(f, e.Message, StringComparison.Ordinal);
        return e.Message;
    }

    // --- round trips ---------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(OutputTransform.None)]
    [InlineData(OutputTransform.Softmax)]
    [InlineData(OutputTransform.LogSoftmax)]
    public void SaveOnnx_then_LoadOnnx_gives_the_same_network_bit_for_bit(OutputTransform transform)
    {
        var net = TestNetworks.Make("5-7-6-3:Relu,Sigmoid,Tanh", transform);
        net.Layers[1].Weights[0, 0] = -0f;
        net.Layers[1].Weights[0, 1] = float.Epsilon;
        var back = Load(Saved(net));
        Assert.Equal(net.Sizes, back.Sizes);
        Assert.Equal(transform, back.OutputTransform);
        for (int h = 0; h < net.Layers.Count; h++)
        {
            Assert.Equal(net.Layers[h].Activation, back.Layers[h].Activation);
            Assert.Equal(Bits(net.Layers[h].W), Bits(back.Layers[h].W));
            Assert.Equal(Bits(net.Layers[h].B), Bits(back.Layers[h].B));
        }
        Assert.Equal(Saved(net), Saved(back));

        var d = new Network<double>([3, 4, 2], [Activation.Tanh, Activation.Identity], seed: 3) { OutputTransform = transform };
        var dBack = Network<double>.LoadOnnx(new MemoryStream(Saved(d)));
        Assert.Equal(d.Layers[0].W, dBack.Layers[0].W);
        Assert.Equal(Saved(d), Saved(dBack));
    }

    private static int[] Bits(float[] v) => [.. v.Select(BitConverter.SingleToInt32Bits)];

    [Fact]
    public void The_written_graph_has_the_documented_form()
    {
        var net = TestNetworks.Make("4-3-2:Relu,Identity", OutputTransform.Softmax);
        var model = ModelProto.Parser.ParseFrom(Saved(net));
        Assert.Equal(17, model.OpsetImport.Single().Version);
        Assert.Equal(["Gemm", "Relu", "Gemm", "Softmax", "Identity"], model.Graph.Node.Select(n => n.OpType));
        Assert.Equal("input", model.Graph.Input.Single().Name);
        Assert.Equal("output", model.Graph.Output.Single().Name);
        Assert.Equal("batch", model.Graph.Input[0].Type.TensorType.Shape.Dim[0].DimParam);
        Assert.Equal(["layer0.weight", "layer0.bias", "layer1.weight", "layer1.bias"], model.Graph.Initializer.Select(t => t.Name));
    }

    [Fact]
    public void SaveOnnx_to_a_path_is_atomic_and_leaves_no_temporary_file()
    {
        var net = TestNetworks.Make("4-3-2:Relu,Identity", OutputTransform.None);
        string path = Path.Combine(_dir, "model.onnx");
        File.WriteAllText(path, "old");
        net.SaveOnnx(path);
        Assert.Equal(Saved(net), File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_dir));
        Assert.Equal(net.Layers[0].W, Network<float>.LoadOnnx(path).Layers[0].W);
    }

    // --- what exporters write -------------------------------------------------------------------------------------------

    [Fact]
    public void MatMul_without_an_Add_has_a_zero_bias_and_an_Add_may_take_either_operand_order()
    {
        var b = new OnnxBuilder().Input("x", "N", 2).Output("y", "N", 2)
            .Initializer("w", [2, 2], 1, 2, 3, 4).Initializer("c", [1, 2], 10, 20)
            .Node("MatMul", "mm1", ["x", "w"], ["h"])
            .Node("MatMul", "mm2", ["h", "w"], ["m"])
            .Node("Add", "bias", ["c", "m"], ["y"]);
        var net = Load(b.Bytes());
        Assert.Equal([2, 2, 2], net.Sizes);
        Assert.Equal([0f, 0f], net.Layers[0].B);
        Assert.Equal([10f, 20f], net.Layers[1].B);
        Assert.Equal(1f, net.Layers[0].Weights[0, 0]); // W = w^T: unit 0 takes w[0,0] and w[1,0]
        Assert.Equal(3f, net.Layers[0].Weights[0, 1]);
        Assert.Equal(Activation.Identity, net.Layers[0].Activation);
    }

    [Fact]
    public void Gemm_alpha_beta_and_a_scalar_C_are_folded_into_the_weights_and_bias()
    {
        var b = new OnnxBuilder().Input("x", "N", 2).Output("y", "N", 3)
            .Initializer("w", [2, 3], 1, 2, 3, 4, 5, 6).Initializer("c", [], 0.5f)
            .Node("Gemm", "g", ["x", "w", "c"], ["y"], Float("alpha", 2), Float("beta", -4));
        var net = Load(b.Bytes());
        Assert.Equal(new float[,] { { 2, 8 }, { 4, 10 }, { 6, 12 } }, net.Layers[0].Weights.ToArray());
        Assert.Equal([-2f, -2f, -2f], net.Layers[0].B);
    }

    [Fact]
    public void Initializers_listed_as_graph_inputs_and_a_fixed_batch_are_accepted()
    {
        var b = TwoLayers();
        var model = b.Model();
        foreach (var t in model.Graph.Initializer) // IR version 3 and older list every initializer as an input too
            model.Graph.Input.Add(new ValueInfoProto { Name = t.Name });
        model.Graph.Input[0].Type.TensorType.Shape.Dim[0] = new TensorShapeProto.Types.Dimension { DimValue = 1 };
        var net = Load(model.ToByteArray());
        Assert.Equal([4, 3, 2], net.Sizes);
    }

    [Fact]
    public void Typed_float16_weights_are_converted_exactly()
    {
        var w = new TensorProto { Name = "w", DataType = OnnxTensors.Float16 };
        w.Dims.Add([2, 1]);
        w.Int32Data.Add([BitConverter.HalfToUInt16Bits((Half)0.333f), BitConverter.HalfToUInt16Bits(Half.MaxValue)]);
        var net = Load(new OnnxBuilder().Input("x", "N", 2).Output("y", "N", 1).Initializer(w).Node("MatMul", "mm", ["x", "w"], ["y"]).Bytes());
        Assert.Equal((float)(Half)0.333f, net.Layers[0].Weights[0, 0]);
        Assert.Equal(65504f, net.Layers[0].Weights[0, 1]);
    }

    // --- not an MLP: NotSupportedException naming the node, its op type and why -------------------------------------------

    [Fact]
    public void An_unknown_operator_is_named()
    {
        var b = TwoLayers();
        var model = b.Model();
        model.Graph.Node[1].OpType = "LeakyRelu";
        var e = Assert.Throws<NotSupportedException>(() => Load(model.ToByteArray()));
        Assert.Contains("node 'act1' (LeakyRelu)", e.Message, StringComparison.Ordinal);
        Assert.Contains("not one an MLP layer is made of", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gemm_with_transA_or_with_the_activations_as_B_is_refused()
    {
        var b = new OnnxBuilder().Input("x", "N", 2).Output("y", "N", 2).Weight("w", 2, 2)
            .Node("Gemm", "g", ["x", "w"], ["y"], Int("transA", 1));
        Refused(b, "node 'g' (Gemm)", "transA = 1", "across the batch");
        b = new OnnxBuilder().Input("x", "N", 2).Output("y", "N", 2).Weight("w", 2, 2).Node("Gemm", "g", ["w", "x"], ["y"]);
        Refused(b, "node 'g' (Gemm)", "input B");
        b = new OnnxBuilder().Input("x", "N", 2).Output("y", "N", 2).Weight("w", 2, 2).Node("MatMul", "m", ["w", "x"], ["y"]);
        Refused(b, "node 'm' (MatMul)", "second operand");
    }

    [Fact]
    public void A_weight_that_is_not_a_constant_is_refused()
    {
        var b = new OnnxBuilder().Input("x", "N", 2).Input("w", 2, 2).Output("y", "N", 2).Node("MatMul", "m", ["x", "w"], ["y"]);
        Refused(b, "2 inputs");
    }

    [Fact]
    public void A_branch_a_second_output_and_a_node_off_the_chain_are_refused()
    {
        var b = TwoLayers().Node("Sigmoid", "side", "h1", "s1");
        Refused(b, "'side' (Sigmoid)", "both read 'h1'", "branch");
        b = TwoLayers().Output("h1", "N", 3);
        Refused(b, "2 outputs");
        b = TwoLayers().Node("Relu", "stray", "b1", "unused");
        Refused(b, "'stray' (Relu)", "not on the chain");
        b = TwoLayers().Node("Relu", "after", "y", "z");
        Refused(b, "'after' (Relu)", "graph output");
    }

    [Fact]
    public void A_cycle_is_refused_not_followed_forever()
    {
        var b = new OnnxBuilder().Input("x", "N", 2).Output("y", "N", 2).Weight("w", 2, 2)
            .Node("MatMul", "m", ["x", "w"], ["h"]).Node("Relu", "r", "h", "x2").Node("Identity", "back", "x2", "x");
        var e = Assert.Throws<NotSupportedException>(() => Load(b.Bytes()));
        Assert.Contains("'m' (MatMul)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shapes_that_do_not_chain_are_refused()
    {
        var b = new OnnxBuilder().Input("x", "N", 5).Output("y", "N", 3).Weight("w", 3, 4)
            .Node("Gemm", "g", ["x", "w"], ["y"], Int("transB", 1));
        Refused(b, "node 'g' (Gemm)", "do not chain", "takes 4 features", "has 5");
        b = TwoLayers();
        var model = b.Model();
        model.Graph.Output[0].Type.TensorType.Shape.Dim[1].DimValue = 7;
        var e = Assert.Throws<NotSupportedException>(() => Load(model.ToByteArray()));
        Assert.Contains("declared with shape [N, 7]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Activations_and_biases_out_of_place_are_refused()
    {
        Refused(new OnnxBuilder().Input("x", "N", 2).Output("y", "N", 2).Node("Relu", "r", "x", "y"), "'r' (Relu)", "does not follow a linear layer");
        var b = new OnnxBuilder().Input("x", "N", 2).Output("y", "N", 2).Weight("w", 2, 2)
            .Node("MatMul", "m", ["x", "w"], ["h"]).Node("Tanh", "t1", "h", "a").Node("Sigmoid", "t2", "a", "y");
        Refused(b, "'t2' (Sigmoid)", "already has the activation Tanh");
        b = new OnnxBuilder().Input("x", "N", 2).Output("y", "N", 2).Weight("w", 2, 2).Initializer("c", [2], 1, 1)
            .Node("MatMul", "m", ["x", "w"], ["h"]).Node("Relu", "r", "h", "a").Node("Add", "late", ["a", "c"], ["y"]);
        Refused(b, "'late' (Add)", "does not follow a linear layer (Gemm or MatMul) directly");
        b = new OnnxBuilder().Input("x", "N", 2).Output("y", "N", 2).Weight("w", 2, 2).Initializer("c", [2, 1], 1, 1)
            .Node("MatMul", "m", ["x", "w"], ["h"]).Node("Add", "col", ["h", "c"], ["y"]);
        Refused(b, "'col' (Add)", "shape [2, 1]");
    }

    [Fact]
    public void Softmax_must_be_last_and_on_the_feature_axis()
    {
        var b = TwoLayers().Node("Softmax", "sm", "y", "p");
        var model = b.Model();
        model.Graph.Output[0].Name = "p";
        Load(model.ToByteArray()); // the valid form
        b = new OnnxBuilder().Input("x", "N", 2).Output("y", "N", 2).Weight("w", 2, 2)
            .Node("MatMul", "m", ["x", "w"], ["h"]).Node("Softmax", "sm", "h", "p", Int("axis", 0)).Node("Identity", "i", "p", "y");
        Refused(b, "'sm' (Softmax)", "axis = 0");
        b = new OnnxBuilder().Input("x", "N", 2).Output("y", "N", 2).Weight("w", 2, 2)
            .Node("MatMul", "m", ["x", "w"], ["h"]).Node("LogSoftmax", "ls", "h", "p").Node("MatMul", "m2", ["p", "w"], ["y"]);
        Refused(b, "'m2' (MatMul)", "must end the graph");
    }

    [Fact]
    public void Flatten_and_Reshape_that_mix_samples_are_refused()
    {
        var b = new OnnxBuilder().Input("x", "N", 2, 3).Output("y", "N", 2).Weight("w", 6, 2)
            .Node("Flatten", "f", "x", "flat", Int("axis", 0)).Node("MatMul", "m", ["flat", "w"], ["y"]);
        Refused(b, "'f' (Flatten)", "axis = 0");
        b = new OnnxBuilder().Input("x", "N", 2, 3).Output("y", "N", 2).Weight("w", 6, 2).Initializer(Int64("s", 2, 6))
            .Node("Reshape", "r", ["x", "s"], ["flat"]).Node("MatMul", "m", ["flat", "w"], ["y"]);
        Refused(b, "'r' (Reshape)", "fixes the batch");
        b = new OnnxBuilder().Input("x", "N", 2, 3).Output("y", "N", 2).Weight("w", 3, 2).Initializer(Int64("s", -1, 3))
            .Node("Reshape", "r", ["x", "s"], ["flat"]).Node("MatMul", "m", ["flat", "w"], ["y"]);
        Refused(b, "'r' (Reshape)", "samples of 6 values to rows of 3");
        b = new OnnxBuilder().Input("x", "N", 2, 3).Output("y", "N", 2).Weight("w", 6, 2).Node("MatMul", "m", ["x", "w"], ["y"]);
        Refused(b, "'m' (MatMul)", "rank 3");
    }

    private static TensorProto Int64(string name, params long[] values)
    {
        var t = new TensorProto { Name = name, DataType = OnnxTensors.Int64 };
        t.Dims.Add(values.Length);
        t.Int64Data.Add(values);
        return t;
    }

    [Fact]
    public void Dropout_in_training_mode_or_with_its_mask_used_is_refused()
    {
        var t = new TensorProto { Name = "t", DataType = OnnxTensors.Bool };
        t.Int32Data.Add(1);
        var b = new OnnxBuilder().Input("x", "N", 2).Output("y", "N", 2).Weight("w", 2, 2).Initializer(t)
            .Node("MatMul", "m", ["x", "w"], ["h"]).Node("Dropout", "d", ["h", "", "t"], ["y"]);
        Refused(b, "'d' (Dropout)", "training_mode 't' is true");
        b = new OnnxBuilder().Input("x", "N", 2).Output("y", "N", 2).Weight("w", 2, 2)
            .Node("MatMul", "m", ["x", "w"], ["h"]).Node("Dropout", "d", ["h"], ["y", "mask"]).Node("Identity", "use", "mask", "z");
        Refused(b, "'d' (Dropout)", "output 1 ('mask') is used");
    }

    [Theory]
    [InlineData(8, "opset 8")]
    [InlineData(22, "opset 22")]
    public void An_opset_outside_9_to_21_is_refused(long opset, string fragment)
    {
        var b = TwoLayers();
        b.Opset = opset;
        Refused(b, fragment, "9 to 21");
    }

    [Fact]
    public void Another_domain_an_unknown_attribute_and_external_data_are_refused()
    {
        var b = TwoLayers();
        b.Domain = "ai.onnx.ml";
        Refused(b, "no opset of the default domain");
        var model = TwoLayers().Model();
        model.Graph.Node[1].Domain = "com.microsoft";
        Assert.Contains("'act1' (Relu)", Assert.Throws<NotSupportedException>(() => Load(model.ToByteArray())).Message, StringComparison.Ordinal);
        model = TwoLayers().Model();
        model.Graph.Node[0].Attribute.Add(Int("broadcast", 1));
        Assert.Contains("attribute 'broadcast'", Assert.Throws<NotSupportedException>(() => Load(model.ToByteArray())).Message, StringComparison.Ordinal);
        model = TwoLayers().Model();
        model.Graph.Initializer[0].DataLocation = TensorProto.Types.DataLocation.External;
        Assert.Contains("external file", Assert.Throws<NotSupportedException>(() => Load(model.ToByteArray())).Message, StringComparison.Ordinal);
        model = TwoLayers().Model();
        model.Graph.Initializer[0].DataType = 3; // INT8: a quantized model
        Assert.Contains("INT8", Assert.Throws<NotSupportedException>(() => Load(model.ToByteArray())).Message, StringComparison.Ordinal);
    }

    // --- corrupt bytes: WeightsFormatException -------------------------------------------------------------------------

    [Fact]
    public void Tensor_data_that_disagrees_with_its_shape_is_a_format_error()
    {
        var model = TwoLayers().Model();
        model.Graph.Initializer[0].RawData = ByteString.CopyFrom(new byte[10]);
        Corrupt(model.ToByteArray(), "'w1'", "10 bytes of raw_data", "48 bytes");
        var t = new TensorProto { Name = "w", DataType = OnnxTensors.Float };
        t.Dims.Add([2, 2]);
        t.FloatData.Add([1f, 2f, 3f]);
        Corrupt(new OnnxBuilder().Input("x", "N", 2).Output("y", "N", 2).Initializer(t).Node("MatMul", "m", ["x", "w"], ["y"]).Bytes(), "3 values in float_data", "needs 4");
        var h = new TensorProto { Name = "w", DataType = OnnxTensors.Float16 };
        h.Dims.Add([1, 1]);
        h.Int32Data.Add(70000);
        Corrupt(new OnnxBuilder().Input("x", "N", 1).Output("y", "N", 1).Initializer(h).Node("MatMul", "m", ["x", "w"], ["y"]).Bytes(), "70000", "0 to 65535");
        model = TwoLayers().Model();
        model.Graph.Initializer[0].Dims[0] = -3;
        Corrupt(model.ToByteArray(), "negative dimension");
    }

    [Fact]
    public void Every_truncation_is_refused_with_a_clear_exception()
    {
        byte[] file = Saved(TestNetworks.Make("3-4-2:Tanh,Identity", OutputTransform.Softmax));
        for (int n = 0; n < file.Length; n++)
        {
            var e = Record.Exception(() => Load(file[..n]));
            Assert.True(e is WeightsFormatException or NotSupportedException, $"prefix of {n} bytes: {e?.GetType().Name ?? "no exception"}: {e?.Message}");
            Assert.False(string.IsNullOrWhiteSpace(e!.Message));
        }
        Corrupt([], "no graph");
    }

    [Fact]
    public void Every_corrupted_byte_loads_a_valid_model_or_is_refused_with_a_clear_exception()
    {
        byte[] file = Saved(TestNetworks.Make("3-4-2:Tanh,Identity", OutputTransform.None));
        int refused = 0;
        for (int i = 0; i < file.Length; i++)
            foreach (byte flip in new byte[] { 0x01, 0x80, 0xFF })
            {
                byte[] bad = (byte[])file.Clone();
                bad[i] ^= flip;
                var e = Record.Exception(() => Load(bad));
                Assert.True(e is null or WeightsFormatException or NotSupportedException, $"byte {i} ^ 0x{flip:X2}: {e?.GetType().Name}: {e?.Message}");
                if (e is not null) refused++;
            }
        Assert.True(refused > file.Length, $"only {refused} of {3 * file.Length} corruptions refused");
    }

    [Fact]
    public void A_length_claiming_more_bytes_than_the_file_has_is_truncated_not_allocated()
    {
        // A graph field (7, length-delimited) claiming 2^31 − 1 bytes, in a file of a few bytes.
        byte[] lying = [0x3A, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x0A, 0x00];
        long before = GC.GetAllocatedBytesForCurrentThread();
        Corrupt(lying, "Not a valid ONNX model");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "the claimed length was allocated");
    }

    [Fact]
    public void Null_arguments_are_argument_errors()
    {
        Assert.Throws<ArgumentNullException>(() => Network<float>.LoadOnnx((Stream)null!));
        Assert.Throws<ArgumentNullException>(() => new Network<float>([2, 1], [Activation.Relu]).SaveOnnx((Stream)null!));
    }
}
