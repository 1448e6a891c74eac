using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Kernels.Mlp.Safetensors;
using Kernels.Testing;
using Xunit;

namespace Kernels.Mlp.Tests.Interchange;

/// <summary>
/// LoadSafetensors and SaveSafetensors: bit-exact round trips, exact F16/BF16 conversion, key naming and layer order,
/// metadata, and every way a file can be wrong — truncation, a hostile header length or offsets (rejected before any
/// large allocation), overlapping or out-of-file ranges, gaps, wrong dtypes, tensors that are not linear layers, shapes
/// that do not chain — always a <see cref="WeightsFormatException"/>.
/// </summary>
public sealed class SafetensorsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("safetensors-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly Activation[] Acts = [Activation.Relu, Activation.Sigmoid, Activation.Identity];

    private static byte[] Saved<T>(Network<T> net, IReadOnlyList<string>? prefixes = null, IReadOnlyDictionary<string, string>? metadata = null)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        using var ms = new MemoryStream();
        net.SaveSafetensors(ms, prefixes, metadata);
        return ms.ToArray();
    }

    private static Network<float> Load(byte[] file, params Activation[] acts) => Network<float>.LoadSafetensors(new MemoryStream(file), acts.Length == 0 ? Acts : acts);

    /// <summary>A file from a header object and a data section, built by hand.</summary>
    internal static byte[] File(string headerJson, byte[] data, int padTo = 1)
    {
        byte[] json = Encoding.UTF8.GetBytes(headerJson);
        int length = (json.Length + padTo - 1) / padTo * padTo;
        var file = new byte[8 + length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)length);
        json.CopyTo(file, 8);
        file.AsSpan(8 + json.Length, length - json.Length).Fill((byte)' ');
        data.CopyTo(file, 8 + length);
        return file;
    }

    private static (JsonDocument Header, int DataStart) Header(byte[] file)
    {
        int n = (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
        return (JsonDocument.Parse(file.AsMemory(8, n)), 8 + n);
    }

    private static string Rejected(byte[] file, params string[] fragments)
    {
        var e = Assert.Throws<WeightsFormatException>(() => Load(file));
        Assert.Throws<WeightsFormatException>(() => Network<float>.LoadSafetensors(new TrickleStream(file), Acts));
        foreach (string f in fragments)
            Assert.Contains(f, e.Message, StringComparison.Ordinal);
        return e.Message;
    }

    // --- round trips and layout ----------------------------------------------------------------------------------------

    [Fact]
    public void Float_round_trips_bit_for_bit_through_F32()
    {
        var net = TestNetworks.Make("5-7-6-3:Relu,Sigmoid,Identity", OutputTransform.None);
        net.Layers[1].Weights[0, 0] = -0f; net.Layers[1].Weights[0, 1] = float.Epsilon; net.Layers[1].Weights[0, 2] = float.MaxValue;
        byte[] file = Saved(net);
        var back = Load(file);
        for (int h = 0; h < 3; h++)
        {
            Assert.Equal(net.Layers[h].W.Select(BitConverter.SingleToInt32Bits), back.Layers[h].W.Select(BitConverter.SingleToInt32Bits));
            Assert.Equal(net.Layers[h].B.Select(BitConverter.SingleToInt32Bits), back.Layers[h].B.Select(BitConverter.SingleToInt32Bits));
        }
        Assert.Equal(file, Saved(back));
        Assert.Equal(file, Saved(Network<float>.LoadSafetensors(new TrickleStream(file), Acts)));
    }

    [Fact]
    public void Double_round_trips_bit_for_bit_through_F64()
    {
        var net = new Network<double>([4, 6, 2], [Activation.Tanh, Activation.Identity], seed: 9);
        TestData.FillUniform<double>(net.Layers[0].Biases, 3, -1, 1);
        net.Layers[0].Weights[0, 0] = double.Epsilon;
        byte[] file = Saved(net);
        var (header, _) = Header(file);
        Assert.Equal("F64", header.RootElement.GetProperty("0.weight").GetProperty("dtype").GetString());
        var back = Network<double>.LoadSafetensors(new MemoryStream(file), [Activation.Tanh, Activation.Identity]);
        Assert.Equal(net.Layers[0].W, back.Layers[0].W);
        Assert.Equal(net.Layers[1].B, back.Layers[1].B);
        Assert.Equal(file, Saved(back));
    }

    [Fact]
    public void The_file_has_the_layout_of_a_PyTorch_state_dict()
    {
        // nn.Sequential(Linear, ReLU, Linear, Sigmoid, Linear, Linear, Tanh): an identity layer takes no module index.
        var net = TestNetworks.Make("3-4-5-2-2:Relu,Sigmoid,Identity,Tanh", OutputTransform.None);
        byte[] file = Saved(net);
        var (header, dataStart) = Header(file);
        Assert.Equal(0, (dataStart - 8) % 8);
        Assert.Equal(["__metadata__", "0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias", "5.weight", "5.bias"],
            header.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("pt", header.RootElement.GetProperty("__metadata__").GetProperty("format").GetString());
        var w2 = header.RootElement.GetProperty("2.weight");
        Assert.Equal("F32", w2.GetProperty("dtype").GetString());
        Assert.Equal([5, 4], w2.GetProperty("shape").EnumerateArray().Select(v => v.GetInt32()));
        int begin = w2.GetProperty("data_offsets")[0].GetInt32();
        Assert.Equal(net.Layers[1].Weights[0, 1], BinaryPrimitives.ReadSingleLittleEndian(file.AsSpan(dataStart + begin + 4)));
        Assert.Equal(file.Length - dataStart, header.RootElement.GetProperty("5.bias").GetProperty("data_offsets")[1].GetInt32());
    }

    [Fact]
    public void Metadata_is_written_as_given_and_ignored_on_load()
    {
        var net = TestNetworks.Make("3-4-2:Relu,Identity", OutputTransform.None);
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["trained_on"] = "Fashion-MNIST", ["note"] = "ünïcode \"quoted\"" };
        byte[] file = Saved(net, ["fc1", "fc2"], metadata);
        var (header, _) = Header(file);
        Assert.Equal(metadata, SafetensorsHeader.Metadata(file.AsSpan(8, (int)BinaryPrimitives.ReadUInt64LittleEndian(file))));
        Assert.Equal(["__metadata__", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"], header.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(net.Layers[1].W, Load(file, Activation.Relu, Activation.Identity).Layers[1].W);
        Assert.DoesNotContain("__metadata__", Encoding.UTF8.GetString(Saved(net, null, new Dictionary<string, string>())), StringComparison.Ordinal);
    }

    [Fact]
    public void Layers_are_ordered_by_name_then_by_the_chain_of_shapes_or_by_the_prefixes_given()
    {
        var net = TestNetworks.Make("3-4-5-2:Relu,Sigmoid,Identity", OutputTransform.None);
        // Names whose natural order (a, b, c) does not chain: the one order that chains is c, a, b.
        byte[] file = Saved(net, ["c", "a", "b"], null);
        var back = Load(file);
        Assert.Equal([3, 4, 5, 2], back.Sizes);
        Assert.Equal(net.Layers[0].W, back.Layers[0].W);
        // Natural order: 2 before 10.
        var deep = new Network<float>([2, 2, 2, 2], [Activation.Tanh, Activation.Tanh, Activation.Identity], seed: 4);
        var d = Network<float>.LoadSafetensors(new MemoryStream(Saved(deep, ["2", "10", "11"], null)), [Activation.Tanh, Activation.Tanh, Activation.Identity]);
        for (int h = 0; h < 3; h++) Assert.Equal(deep.Layers[h].W, d.Layers[h].W);
        // Names that do not chain in order (a: 3→3 cannot follow nothing and then take b's 2 inputs) and two square
        // layers that chain either way after b: an error, unless the prefixes are given.
        var square = new Network<float>([2, 3, 3, 3], [Activation.Tanh, Activation.Tanh, Activation.Identity], seed: 5);
        byte[] ambiguous = Saved(square, ["b", "a", "c"], null);
        var e = Assert.Throws<WeightsFormatException>(() => Network<float>.LoadSafetensors(new MemoryStream(ambiguous), [Activation.Tanh, Activation.Tanh, Activation.Identity]));
        Assert.Contains("more than one order", e.Message, StringComparison.Ordinal);
        d = Network<float>.LoadSafetensors(new MemoryStream(ambiguous), [Activation.Tanh, Activation.Tanh, Activation.Identity], ["b", "a", "c"]);
        for (int h = 0; h < 3; h++) Assert.Equal(square.Layers[h].W, d.Layers[h].W);
        // A lone nn.Linear's state_dict: keys "weight" and "bias".
        var one = new Network<float>([3, 2], [Activation.Identity], seed: 2);
        Assert.Equal(one.Layers[0].W, Network<float>.LoadSafetensors(new MemoryStream(Saved(one, [""], null)), [Activation.Identity]).Layers[0].W);
    }

    [Fact]
    public void Listed_prefixes_must_name_exactly_the_files_layers()
    {
        byte[] file = Saved(TestNetworks.Make("3-4-2:Relu,Identity", OutputTransform.None), ["fc1", "fc2"], null);
        Activation[] acts = [Activation.Relu, Activation.Identity];
        Assert.Contains("no layer 'fc3'", Assert.Throws<WeightsFormatException>(() => Network<float>.LoadSafetensors(new MemoryStream(file), acts, ["fc1", "fc3"])).Message, StringComparison.Ordinal);
        Assert.Contains("'fc2'", Assert.Throws<WeightsFormatException>(() => Network<float>.LoadSafetensors(new MemoryStream(file), [Activation.Relu], ["fc1"])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Network<float>.LoadSafetensors(new MemoryStream(file), acts, ["fc1", "fc1"]));
        Assert.Contains("do not chain", Assert.Throws<WeightsFormatException>(() => Network<float>.LoadSafetensors(new MemoryStream(file), acts, ["fc2", "fc1"])).Message, StringComparison.Ordinal);
        Assert.Contains("2 layers ('fc1', 'fc2') but 3 activations", Assert.Throws<ArgumentException>(() => Network<float>.LoadSafetensors(new MemoryStream(file), [Activation.Relu, Activation.Relu, Activation.Relu])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_layer_without_a_bias_gets_zeros()
    {
        byte[] w = new byte[8];
        BinaryPrimitives.WriteSingleLittleEndian(w, 1.5f);
        BinaryPrimitives.WriteSingleLittleEndian(w.AsSpan(4), -2f);
        var net = Load(File("""{"proj.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]}}""", w), Activation.Identity);
        Assert.Equal([1.5f, -2f], net.Layers[0].W);
        Assert.Equal([0f], net.Layers[0].B);
    }

    [Fact]
    public void Every_float16_and_bfloat16_value_converts_exactly()
    {
        // Every finite bit pattern through a whole load (NaN and ∞ make a file invalid: see the next test); the
        // conversion itself for all 65,536.
        var bits = new byte[2 * 65536];
        for (int i = 0; i < 65536; i++) BinaryPrimitives.WriteUInt16LittleEndian(bits.AsSpan(2 * i), (ushort)i);
        foreach (string dtype in new[] { "F16", "BF16" })
        {
            Func<int, float> value = dtype == "F16" ? i => (float)BitConverter.UInt16BitsToHalf((ushort)i) : i => BitConverter.Int32BitsToSingle(i << 16);
            byte[] finite = (byte[])bits.Clone();
            for (int i = 0; i < 65536; i++)
            {
                double converted = dtype == "F16" ? ElementConversion.FromHalfBits((ushort)i) : ElementConversion.FromBFloat16Bits((ushort)i);
                Assert.True(float.IsNaN(value(i)) ? double.IsNaN(converted) : converted == value(i), $"{dtype} 0x{i:X4}");
                if (!float.IsFinite(value(i))) BinaryPrimitives.WriteUInt16LittleEndian(finite.AsSpan(2 * i), 0);
            }
            byte[] file = File($$$"""{"w.weight":{"dtype":"{{{dtype}}}","shape":[256,256],"data_offsets":[0,131072]}}""", finite);
            var d = Network<double>.LoadSafetensors(new MemoryStream(file), [Activation.Identity]);
            var f = Network<float>.LoadSafetensors(new MemoryStream(file), [Activation.Identity]);
            for (int i = 0; i < 65536; i++)
            {
                float expected = float.IsFinite(value(i)) ? value(i) : 0;
                Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(d.Layers[0].W[i]), $"{dtype} 0x{i:X4} into double");
                Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(f.Layers[0].W[i]), $"{dtype} 0x{i:X4} into float");
            }
        }
    }

    [Fact]
    public void A_nan_or_infinite_weight_is_refused_naming_the_layer_and_index()
    {
        foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            byte[] w = new byte[16];
            BinaryPrimitives.WriteSingleLittleEndian(w, 1f);
            BinaryPrimitives.WriteSingleLittleEndian(w.AsSpan(4), 2f);
            BinaryPrimitives.WriteSingleLittleEndian(w.AsSpan(8), 3f);
            BinaryPrimitives.WriteSingleLittleEndian(w.AsSpan(12), bad);
            byte[] file = File("""{"w.weight":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}""", w);
            var e = Assert.Throws<WeightsFormatException>(() => Network<float>.LoadSafetensors(new MemoryStream(file), [Activation.Identity]));
            Assert.Contains("Layer 0 weight 3 (row 1, column 1)", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void SaveSafetensors_to_a_path_is_atomic_and_a_failed_save_leaves_the_old_file()
    {
        var net = TestNetworks.Make("3-4-2:Relu,Identity", OutputTransform.None);
        string path = Path.Combine(_dir, "model.safetensors");
        net.SaveSafetensors(path);
        byte[] saved = System.IO.File.ReadAllBytes(path);
        Assert.Equal(Saved(net), saved);
        Assert.Throws<ArgumentException>(() => net.SaveSafetensors(path, ["a", "a"], null));
        Assert.Equal(saved, System.IO.File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_dir));
        Assert.Equal(net.Layers[0].W, Network<float>.LoadSafetensors(path, [Activation.Relu, Activation.Identity]).Layers[0].W);
    }

    // --- bad files ---------------------------------------------------------------------------------------------------

    [Fact]
    public void Every_truncation_is_rejected()
    {
        byte[] file = Saved(TestNetworks.Make("3-4-2:Relu,Identity", OutputTransform.None));
        for (int n = 0; n < file.Length; n++)
        {
            var e = Assert.Throws<WeightsFormatException>(() => Load(file[..n], Activation.Relu, Activation.Identity));
            Assert.Throws<WeightsFormatException>(() => Network<float>.LoadSafetensors(new TrickleStream(file[..n]), [Activation.Relu, Activation.Identity]));
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
        }
        Assert.Throws<WeightsFormatException>(() => Load([.. file, 0], Activation.Relu, Activation.Identity));
    }

    [Theory]
    [InlineData(ulong.MaxValue)]
    [InlineData(1UL << 40)]
    [InlineData(100_000_001UL)]
    [InlineData(1UL)]
    public void A_hostile_header_length_is_rejected_without_allocating_it(ulong claimed)
    {
        byte[] file = Saved(TestNetworks.Make("3-4-2:Relu,Identity", OutputTransform.None));
        BinaryPrimitives.WriteUInt64LittleEndian(file, claimed);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Rejected(file, "header");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "the claimed header was allocated");
    }

    [Fact]
    public void A_header_length_within_the_limit_but_past_the_end_is_truncation_not_an_allocation()
    {
        byte[] file = Saved(TestNetworks.Make("3-4-2:Relu,Identity", OutputTransform.None));
        BinaryPrimitives.WriteUInt64LittleEndian(file, 99_000_000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Rejected(file, "truncated");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "the claimed header was allocated");
    }

    [Theory]
    [InlineData("""{"a.weight":{"dtype":"F32","shape":[32768,32768],"data_offsets":[0,4294967296]}}""", "more than this reader accepts")]
    [InlineData("""{"a.weight":{"dtype":"F32","shape":[2048,2048],"data_offsets":[0,16777216]}}""", "truncated")]
    [InlineData("""{"a.weight":{"dtype":"F32","shape":[1099511627776,1099511627776],"data_offsets":[0,0]}}""", "more elements than this reader accepts")]
    public void Offsets_claiming_terabytes_are_rejected_without_allocating_them(string header, string fragment)
    {
        byte[] file = File(header, new byte[16]);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Rejected(file, fragment);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "the claimed data was allocated");
    }

    [Theory]
    [InlineData("""{"a.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]},"a.bias":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8, "overlap")]
    [InlineData("""{"a.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]},"a.bias":{"dtype":"F32","shape":[1],"data_offsets":[12,16]}}""", 16, "no gaps")]
    [InlineData("""{"a.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[4,12]},"a.bias":{"dtype":"F32","shape":[1],"data_offsets":[12,16]}}""", 16, "no gaps")]
    [InlineData("""{"a.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]},"a.bias":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}""", 8, "truncated")]
    [InlineData("""{"a.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]},"a.bias":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}""", 20, "continues past")]
    [InlineData("""{"a.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[0,-8]}}""", 8, "integers from 0")]
    [InlineData("""{"a.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[8,0]}}""", 8, "begin ≤ end")]
    [InlineData("""{"a.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[0,12]}}""", 12, "needs 8 bytes")]
    [InlineData("""{"a.weight":{"dtype":"F32","shape":[1,-2],"data_offsets":[0,8]}}""", 8, "integers from 0")]
    [InlineData("""{"a.weight":{"dtype":"F32","shape":[1,2.5],"data_offsets":[0,8]}}""", 8, "integers from 0")]
    [InlineData("""{"a.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[0]}}""", 8, "[begin, end]")]
    [InlineData("""{"a.weight":{"dtype":"F32","shape":[1,2]}}""", 8, "lacks data_offsets")]
    [InlineData("""{"a.weight":{"dtype":"F17","shape":[1,2],"data_offsets":[0,8]}}""", 8, "not a safetensors dtype")]
    [InlineData("""{"a.weight":{"dtype":"I32","shape":[1,2],"data_offsets":[0,8]}}""", 8, "dtype I32")]
    [InlineData("""{"a.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]},"a.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[8,16]}}""", 16, "twice")]
    [InlineData("""{"a.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]},"__metadata__":{"n":1}}""", 8, "__metadata__ entry 'n'")]
    [InlineData("""{"a.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]}""", 8, "not valid JSON")]
    [InlineData("""[1,2]""", 0, "an object")]
    [InlineData("""{"a.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]}} x""", 8, "not valid JSON")]
    [InlineData("""{"a.weight":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 8, "a matrix [out, in]")]
    [InlineData("""{"a.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]},"bn.running_mean":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}""", 12, "neither a weight nor a bias")]
    [InlineData("""{"a.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]},"b.bias":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}""", 12, "no weight 'b.weight'")]
    [InlineData("""{"a.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]},"a.bias":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}""", 16, "has 2 elements")]
    [InlineData("""{"a.weight":{"dtype":"F32","shape":[1,0],"data_offsets":[0,0]}}""", 0, "1 to 16777216")]
    [InlineData("""{"__metadata__":{"format":"pt"}}""", 0, "no linear layer")]
    public void A_corrupt_header_is_named(string header, int dataBytes, string fragment)
    {
        Assert.Contains(fragment, Rejected(File(header, new byte[dataBytes])), StringComparison.Ordinal);
    }

    [Fact]
    public void Entries_in_any_order_with_padding_and_unknown_fields_are_valid()
    {
        var data = new byte[12];
        BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(8), 0.75f);
        const string header = """  {"a.bias":{"data_offsets":[8,12],"shape":[1],"dtype":"F32","extra":[1,{"x":2}]},"__metadata__":{},"a.weight":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]}}""";
        var net = Load(File(header, data, padTo: 8), Activation.Relu);
        Assert.Equal([0.75f], net.Layers[0].B);
    }

    [Fact]
    public void Shapes_that_chain_in_no_order_are_rejected()
    {
        // [4, 3] then [2, 5]: four outputs feed nothing that takes four inputs, in either order.
        byte[] bad = File("""{"a.weight":{"dtype":"F32","shape":[4,3],"data_offsets":[0,48]},"b.weight":{"dtype":"F32","shape":[2,5],"data_offsets":[48,88]}}""", new byte[88]);
        Assert.Contains("do not chain in any order", Assert.Throws<WeightsFormatException>(() => Load(bad, Activation.Relu, Activation.Identity)).Message, StringComparison.Ordinal);
    }

    /// <summary>A read-only, non-seekable stream that returns one byte per read.</summary>
    internal sealed class TrickleStream(byte[] data) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (buffer.IsEmpty || _position == data.Length) return 0;
            buffer[0] = data[_position++];
            return 1;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
