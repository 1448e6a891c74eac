using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Runtime.InteropServices;
using CommunityToolkit.HighPerformance;
using Xunit;

namespace Kernels.Mlp.Tests;

/// <summary>
/// The weights file (Serialization/WeightsFile.cs): its documented layout, round trips in float and double with and
/// without masks, and every way a file can be wrong — each byte flipped, each truncation, trailing bytes, a header that
/// lies, another version, element type, shape or activation — always a <see cref="WeightsFormatException"/> and the
/// target network left bit-for-bit as it was.
/// </summary>
public sealed class WeightsFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("weights-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // --- networks and snapshots ------------------------------------------------------------------------------------

    private static readonly int[] Sizes = [3, 4, 2];
    private static readonly Activation[] Activations = [Activation.Tanh, Activation.Sigmoid];

    private static Network<T> Small<T>(ulong seed, bool masked) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = new Network<T>(Sizes, Activations, seed);
        for (int h = 0; h < n.Layers.Count; h++)
            for (int i = 0; i < n.Layers[h].OutputSize; i++)
                n.Layers[h].Biases[i] = T.CreateChecked(0.25 * (i + 1) - 0.5 * h + seed);
        if (masked)
        {
            var connected = new bool[4, 3];
            for (int i = 0; i < 4; i++)
                for (int j = 0; j < 3; j++)
                    connected[i, j] = (i + j + (int)seed) % 3 != 0;
            n.Layers[0].SetMask(connected);
        }
        return n;
    }

    /// <summary>Everything a weights file carries, as raw bytes (so −0, NaN payloads and all compare exactly).</summary>
    private sealed record Snapshot(string Shape, byte[][] Weights, byte[][] Biases, byte[]?[] Masks)
    {
        public static Snapshot Of<T>(Network<T> n) where T : unmanaged, IFloatingPointIeee754<T> => new(
            $"[{string.Join(",", n.Sizes)}] {string.Join(",", n.Layers.Select(l => l.Activation))}",
            [.. n.Layers.Select(l => Bytes(l.Weights.ToArray()))],
            [.. n.Layers.Select(l => Bytes(l.Biases.ToArray()))],
            [.. n.Layers.Select(l => l.HasMask ? Bytes(l.Mask.ToArray()) : null)]);

        private static byte[] Bytes<T>(T[,] values) where T : unmanaged => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

        private static byte[] Bytes<T>(T[] values) where T : unmanaged => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

        public void AssertEqual(Snapshot other)
        {
            Assert.Equal(Shape, other.Shape);
            for (int h = 0; h < Weights.Length; h++)
            {
                Assert.Equal(Weights[h], other.Weights[h]);
                Assert.Equal(Biases[h], other.Biases[h]);
                Assert.Equal(Masks[h], other.Masks[h]);
            }
        }
    }

    private static byte[] Saved<T>(Network<T> n) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var ms = new MemoryStream();
        n.Save(ms);
        return ms.ToArray();
    }

    /// <summary>LoadWeights must throw a WeightsFormatException and leave the network exactly as it was; returns the message.</summary>
    private static string RejectedUnchanged<T>(Network<T> target, byte[] file) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var before = Snapshot.Of(target);
        var e = Assert.Throws<WeightsFormatException>(() => target.LoadWeights(new MemoryStream(file)));
        Snapshot.Of(target).AssertEqual(before);
        return e.Message;
    }

    /// <summary>Both entry points reject the file; returns LoadWeights' message.</summary>
    private static string Rejected<T>(byte[] file, bool targetMasked = true) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Throws<WeightsFormatException>(() => Network<T>.Load(new MemoryStream(file)));
        return RejectedUnchanged(Small<T>(seed: 7, targetMasked), file);
    }

    /// <summary>CRC-32 (IEEE), bit by bit: independent of System.IO.Hashing.Crc32, which the library uses.</summary>
    private static uint Crc(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
                crc = (crc >> 1) ^ (0xEDB88320 & (0u - (crc & 1)));
        }
        return ~crc;
    }

    /// <summary>The file with <paramref name="edit"/> applied and its checksum recomputed, so that only the edited field is wrong.</summary>
    private static byte[] Edited(byte[] file, Action<byte[]> edit)
    {
        byte[] body = file[..^4];
        edit(body);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(crc, Crc(body));
        return [.. body, .. crc];
    }

    // --- the layout ----------------------------------------------------------------------------------------------------

    [Fact]
    public void The_file_has_the_documented_layout()
    {
        Assert.Equal(0xCBF43926u, Crc("123456789"u8)); // the CRC-32 check value

        var n = new Network<float>([2, 1], [Activation.Relu]);
        n.Layers[0].Weights[0, 0] = 1.5f;
        n.Layers[0].Weights[0, 1] = -2f;
        n.Layers[0].Biases[0] = 0.25f;
        n.Layers[0].SetMask(new bool[,] { { true, false } });
        byte[] f = Saved(n);

        byte[] expected =
        [
            .. "KMLP"u8, 1, 0, 4, 0,   // magic, version 1, element size 4, reserved
            1, 0, 0, 0,                // L = 1
            2, 0, 0, 0, 1, 0, 0, 0,    // sizes 2, 1
            3,                         // ReLU
            1,                         // masked
            .. BitConverter.GetBytes(1.5f), .. BitConverter.GetBytes(-0f), // W, the masked weight zeroed (−2·0 = −0: masking multiplies)
            .. BitConverter.GetBytes(0.25f),                              // b
            1, 0,                      // mask
        ];
        Assert.Equal(expected, f[..^4]);
        Assert.Equal(Crc(expected), BinaryPrimitives.ReadUInt32LittleEndian(f.AsSpan(f.Length - 4)));

        Assert.Equal(f, Edited(f, _ => { })); // the test's CRC agrees with the library's
        Assert.Equal(8, Saved(new Network<double>([2, 1], [Activation.Relu]))[6]);
    }

    // --- round trips -----------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Float_round_trips_through_Save_Load_and_LoadWeights(bool masked) => RoundTrip<float>(masked);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Double_round_trips_through_Save_Load_and_LoadWeights(bool masked) => RoundTrip<double>(masked);

    private void RoundTrip<T>(bool masked) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var source = Small<T>(seed: 1, masked);
        // Values a format must not disturb: −0, subnormals, the extremes, ∞ and NaN.
        var w = source.Layers[1].Weights;
        w[0, 0] = T.NegativeZero; w[0, 1] = T.Epsilon; w[0, 2] = T.CreateSaturating(double.MaxValue); w[0, 3] = T.CreateSaturating(double.MinValue);
        w[1, 0] = T.PositiveInfinity; w[1, 1] = T.NaN;
        var expected = Snapshot.Of(source);
        byte[] file = Saved(source);

        // ∞ and NaN load only when asked for (by default a non-finite weight makes the file invalid).
        Snapshot.Of(Network<T>.Load(new MemoryStream(file), allowNonFiniteWeights: true)).AssertEqual(expected);

        foreach (bool targetMasked in new[] { false, true })
        {
            var target = Small<T>(seed: 2, targetMasked); // its mask, if any, differs from the file's: the file's wins
            target.LoadWeights(new MemoryStream(file), allowNonFiniteWeights: true);
            Snapshot.Of(target).AssertEqual(expected);
            Assert.Equal(file, Saved(target));
        }

        string path = Path.Combine(_dir, "net.kmlp");
        source.Save(path);
        Assert.Equal(file, File.ReadAllBytes(path));
        Snapshot.Of(Network<T>.Load(path, allowNonFiniteWeights: true)).AssertEqual(expected);

        // A stream that hands out one byte per read, and cannot seek.
        var trickled = Small<T>(seed: 3, masked: false);
        trickled.LoadWeights(new TrickleStream(file), allowNonFiniteWeights: true);
        Snapshot.Of(trickled).AssertEqual(expected);

        // Finite values only (−0, subnormals, the extremes): the default load takes them.
        w[1, 0] = T.One; w[1, 1] = T.NegativeOne; w[0, 2] = T.BitDecrement(T.PositiveInfinity); w[0, 3] = -w[0, 2];
        Snapshot.Of(Network<T>.Load(new MemoryStream(Saved(source)))).AssertEqual(Snapshot.Of(source));
    }

    [Fact]
    public void A_loaded_network_computes_what_the_saved_one_did()
    {
        var source = Small<float>(seed: 4, masked: true);
        var loaded = Network<float>.Load(new MemoryStream(Saved(source)));
        float[] input = [0.3f, -1.2f, 2.5f], a = new float[2], b = new float[2];
        source.Predict(source.CreateWorkspace(1), input, a);
        loaded.Predict(loaded.CreateWorkspace(1), input, b);
        Assert.Equal(a, b);
    }

    // --- corruption ------------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_single_byte_corruption_is_rejected_and_leaves_the_network_unchanged(bool masked)
    {
        byte[] file = Saved(Small<float>(seed: 1, masked));
        var target = Small<float>(seed: 9, masked: true);
        int cases = 0;
        for (int i = 0; i < file.Length; i++)
            foreach (byte flip in new byte[] { 0x01, 0x80, 0xFF })
            {
                byte[] bad = (byte[])file.Clone();
                bad[i] ^= flip;
                RejectedUnchanged(target, bad);
                Assert.Throws<WeightsFormatException>(() => Network<float>.Load(new MemoryStream(bad)));
                cases++;
            }
        Assert.Equal(3 * file.Length, cases);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Truncation_at_every_length_is_rejected_and_leaves_the_network_unchanged(bool masked)
    {
        byte[] file = Saved(Small<double>(seed: 1, masked));
        var target = Small<double>(seed: 9, masked: true);
        for (int n = 0; n < file.Length; n++)
        {
            Assert.Contains("truncated", RejectedUnchanged(target, file[..n]), StringComparison.Ordinal);
            Assert.Throws<WeightsFormatException>(() => Network<double>.Load(new TrickleStream(file[..n])));
        }
    }

    [Fact]
    public void Trailing_bytes_are_rejected()
    {
        byte[] file = Saved(Small<float>(seed: 1, masked: true));
        Assert.Contains("continues past its checksum", Rejected<float>([.. file, 0]), StringComparison.Ordinal);
        Assert.Contains("continues past its checksum", Rejected<float>([.. file, .. file]), StringComparison.Ordinal);
    }

    // --- mismatches and lying headers (checksums made valid, so the field itself is what is caught) -----------------------

    [Fact]
    public void Another_version_is_named()
    {
        byte[] file = Saved(Small<float>(seed: 1, masked: false));
        string m = Rejected<float>(Edited(file, b => b[4] = 2));
        Assert.Contains("version 2", m, StringComparison.Ordinal);
        Assert.Contains("version 1", m, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_element_type_is_named()
    {
        string m = Rejected<double>(Saved(Small<float>(seed: 1, masked: false)));
        Assert.Contains("32-bit", m, StringComparison.Ordinal);
        Assert.Contains("Double", m, StringComparison.Ordinal);
        m = Rejected<float>(Saved(Small<double>(seed: 1, masked: false)));
        Assert.Contains("64-bit", m, StringComparison.Ordinal);
        Assert.Contains("Single", m, StringComparison.Ordinal);
        Assert.Contains("16-bit", Rejected<float>(Edited(Saved(Small<float>(seed: 1, masked: false)), b => b[6] = 2)), StringComparison.Ordinal);
    }

    [Fact]
    public void Another_shape_is_named()
    {
        byte[] wider = Saved(new Network<float>([3, 5, 2], Activations));
        string m = RejectedUnchanged(Small<float>(seed: 9, masked: true), wider);
        Assert.Contains("[3, 5, 2]", m, StringComparison.Ordinal);
        Assert.Contains("[3, 4, 2]", m, StringComparison.Ordinal);

        byte[] deeper = Saved(new Network<float>([3, 4, 2, 2], [.. Activations, Activation.Identity]));
        Assert.Contains("[3, 4, 2, 2]", RejectedUnchanged(Small<float>(seed: 9, masked: false), deeper), StringComparison.Ordinal);
    }

    [Fact]
    public void Another_activation_is_named()
    {
        byte[] file = Saved(new Network<float>(Sizes, [Activation.Tanh, Activation.Relu]));
        string m = RejectedUnchanged(Small<float>(seed: 9, masked: true), file);
        Assert.Contains("Layer 1", m, StringComparison.Ordinal);
        Assert.Contains("Relu", m, StringComparison.Ordinal);
        Assert.Contains("Sigmoid", m, StringComparison.Ordinal);
    }

    // Offsets in the [3, 4, 2] file: sizes at 12, 16, 20; activations at 24, 25; mask flags at 26, 27; values from 28.
    [Theory]
    [InlineData(7, 1, "Reserved header byte is 1")]
    [InlineData(8, 0, "claims 0 layers")]
    [InlineData(24, 4, "activation code 4")]
    [InlineData(27, 2, "mask flag 2")]
    public void Invalid_header_fields_are_named(int offset, byte value, string fragment)
    {
        byte[] file = Saved(Small<float>(seed: 1, masked: true));
        Assert.Contains(fragment, Rejected<float>(Edited(file, b => b[offset] = value)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_mask_byte_other_than_0_or_1_is_named()
    {
        byte[] file = Saved(Small<float>(seed: 1, masked: true));
        int mask = 28 + (12 + 4) * 4; // after layer 0's weights and biases
        Assert.Equal(1, file[mask + 1] | file[mask + 2]); // it is the mask (bytes 0/1) ...
        Assert.Contains("mask byte 1 is 7", Rejected<float>(Edited(file, b => b[mask + 1] = 7)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, "claims -1 layers")]
    [InlineData(4097, "claims 4097 layers")]
    [InlineData(int.MaxValue, "claims 2147483647 layers")]
    public void An_impossible_layer_count_is_rejected_before_allocating(int layers, string fragment)
    {
        byte[] file = Saved(Small<float>(seed: 1, masked: false));
        Assert.Contains(fragment, Rejected<float>(Edited(file, b => BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(8), layers))), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-4)]
    [InlineData((1 << 24) + 1)]
    public void An_impossible_layer_size_is_named(int size)
    {
        byte[] file = Saved(Small<float>(seed: 1, masked: false));
        string m = Rejected<float>(Edited(file, b => BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(16), size)));
        Assert.Contains($"Layer size 1 is {size}", m, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_announcing_more_data_than_follows_is_truncated_not_trusted()
    {
        // Sizes that claim a 1 GB body, on a file of a hundred bytes: rejected without allocating the gigabyte.
        byte[] file = Saved(Small<float>(seed: 1, masked: false));
        byte[] lying = Edited(file, b => { BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(12), 1 << 14); BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(16), 1 << 14); });
        var target = Small<float>(seed: 9, masked: false);
        var before = Snapshot.Of(target);
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        Assert.Contains("truncated", RejectedUnchanged(target, lying), StringComparison.Ordinal);            // seekable
        var e = Assert.Throws<WeightsFormatException>(() => target.LoadWeights(new TrickleStream(lying))); // forward-only
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < 1 << 20, "the claimed body was allocated");
        Snapshot.Of(target).AssertEqual(before);
    }

    [Fact]
    public void A_header_describing_more_than_two_gigabytes_is_rejected()
    {
        // [2^24, 2^24, 2^24]: 2^48 weights per layer.
        byte[] head = Header(layers: 2, size: 1 << 24, elementSize: 4);
        Assert.Contains("more than this reader accepts", Rejected<float>(head), StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_whose_total_size_overflows_64_bits_is_rejected()
    {
        // 4096 layers of 2^24 doubles: 2^63 + 2^39 bytes of body, past what a long holds.
        byte[] head = Header(layers: 4096, size: 1 << 24, elementSize: 8);
        Assert.Contains("more than this reader accepts", Rejected<double>(head), StringComparison.Ordinal);
    }

    /// <summary>A header and layer table (no body) for <paramref name="layers"/> layers all of width <paramref name="size"/>, ReLU, unmasked.</summary>
    private static byte[] Header(int layers, int size, byte elementSize)
    {
        var b = new byte[12 + 4 * (layers + 1) + 2 * layers];
        "KMLP"u8.CopyTo(b);
        b[4] = 1; b[6] = elementSize;
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(8), layers);
        for (int i = 0; i <= layers; i++)
            BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(12 + 4 * i), size);
        b.AsSpan(12 + 4 * (layers + 1), layers).Fill((byte)Activation.Relu);
        return b;
    }

    [Fact]
    public void A_network_of_another_size_is_not_touched_by_a_valid_file()
    {
        byte[] file = Saved(Small<float>(seed: 1, masked: true));
        var other = new Network<float>([3, 4, 3], Activations, seed: 5);
        Assert.Contains("layer sizes", RejectedUnchanged(other, file), StringComparison.Ordinal);
    }

    [Fact]
    public void Null_streams_are_argument_errors()
    {
        var n = Small<float>(seed: 1, masked: false);
        Assert.Throws<ArgumentNullException>(() => n.Save((Stream)null!));
        Assert.Throws<ArgumentNullException>(() => n.LoadWeights(null!));
        Assert.Throws<ArgumentNullException>(() => Network<float>.Load((Stream)null!));
    }

    /// <summary>A read-only, non-seekable stream that returns one byte per read.</summary>
    private sealed class TrickleStream(byte[] data) : Stream
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
