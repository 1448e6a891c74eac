using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Hashing;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Kernels.Mlp;

/// <summary>
/// The weights file format, versions 1 and 2. All integers and values are little-endian.
/// <code>
/// offset  size        field
/// 0       4           magic "KMLP"
/// 4       2           version: 1, or 2 when the network has an output transform
/// 6       1           element size in bytes: 4 (float32) or 8 (float64)
/// 7       1           version 1: reserved, 0; version 2: the output transform, 1 softmax or 2 log-softmax
///                     (a network without one is always written as version 1, so such files stay byte for byte as before)
/// 8       4           L, the number of layers (1 to 4096)
/// 12      4·(L+1)     layer sizes N0 … NL (each 1 to 2^24)
/// …       L           activation per layer: 0 identity, 1 sigmoid, 2 tanh, 3 ReLU
/// …       L           mask flag per layer: 0 none, 1 present
/// …                   per layer h = 1…L: W_h (N_h·N_(h−1) values, row-major, row i = weights into unit i),
///                     b_h (N_h values), then, if flagged, the mask (N_h·N_(h−1) bytes, 1 = connected, 0 = not)
/// end−4   4           CRC-32 (IEEE) of every byte before it
/// </code>
/// Reading checks, in order, the magic, version, element size, header bounds, the exact total length (so truncation
/// and trailing bytes are both caught), the checksum, that every weight and bias is finite (unless the caller allows
/// NaN and ∞), and finally that the shape fits the target network; only then are weights copied, so a rejected file
/// leaves the network untouched. A header that claims more bytes than the file holds
/// costs no large allocation: a seekable stream's length is compared first, and otherwise the buffer grows as data arrives.
/// </summary>
internal static class WeightsFile
{
    private static ReadOnlySpan<byte> Magic => "KMLP"u8;
    public const ushort Version = 1, TransformVersion = 2;
    internal const int MaxLayers = 4096, MaxWidth = 1 << 24;

    public static void Write<T>(Network<T> network, Stream stream) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(stream);
        LittleEndianHost();
        var layers = network.Layers;
        int l = layers.Count, es = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        long length = HeaderLength(l);
        foreach (var layer in layers)
            length += (long)(layer.W.Length + layer.B.Length) * es + (layer.HasMask ? layer.W.Length : 0);
        length += 4;
        var bytes = new byte[checked((int)length)];
        Span<byte> s = bytes;
        Magic.CopyTo(s);
        BinaryPrimitives.WriteUInt16LittleEndian(s[4..], network.OutputTransform == OutputTransform.None ? Version : TransformVersion);
        s[6] = (byte)es;
        s[7] = (byte)network.OutputTransform;
        BinaryPrimitives.WriteInt32LittleEndian(s[8..], l);
        int o = 12;
        foreach (int n in network.SizesArray) { BinaryPrimitives.WriteInt32LittleEndian(s[o..], n); o += 4; }
        foreach (var layer in layers) s[o++] = (byte)layer.Activation;
        foreach (var layer in layers) s[o++] = layer.HasMask ? (byte)1 : (byte)0;
        foreach (var layer in layers)
        {
            o += WriteValues<T>(layer.W, s[o..]);
            o += WriteValues<T>(layer.B, s[o..]);
            if (layer.MaskValues is { } mask)
                foreach (T m in mask) s[o++] = m == T.Zero ? (byte)0 : (byte)1;
        }
        BinaryPrimitives.WriteUInt32LittleEndian(s[o..], Crc32.HashToUInt32(s[..o]));
        stream.Write(bytes);
    }

    /// <summary>Reads and fully validates a file; returns the parsed contents without touching any network.</summary>
    /// <param name="stream">The file.</param>
    /// <param name="allowNonFinite">Accept NaN and ±∞ weights and biases; otherwise the first one found is an error.</param>
    public static Contents<T> Read<T>(Stream stream, bool allowNonFinite = false) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(stream);
        LittleEndianHost();
        Span<byte> head = stackalloc byte[12];
        ReadExactly(stream, head, "the 12-byte header");
        if (!head[..4].SequenceEqual(Magic))
            throw new WeightsFormatException($"Not a Kernels.Mlp weights file: the magic is {Convert.ToHexString(head[..4])}, expected {Convert.ToHexString(Magic)} (\"KMLP\").");
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(head[4..]);
        if (version != Version && version != TransformVersion)
            throw new WeightsFormatException($"Weights file version {version} is not supported; this library reads versions {Version} and {TransformVersion}.");
        int es = head[6], expectedEs = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        if (es != expectedEs)
            throw new WeightsFormatException($"The file holds {es * 8}-bit values but the network is {typeof(T).Name} ({expectedEs * 8}-bit).");
        if (version == Version && head[7] != 0)
            throw new WeightsFormatException($"Reserved header byte is {head[7]}, expected 0: the file is corrupt or from a newer writer.");
        if (version == TransformVersion && head[7] is not ((byte)OutputTransform.Softmax or (byte)OutputTransform.LogSoftmax))
            throw new WeightsFormatException($"Weights file version {TransformVersion} has output transform code {head[7]}; it holds 1 (softmax) or 2 (log-softmax), and a network without a transform is written as version {Version}.");
        int l = BinaryPrimitives.ReadInt32LittleEndian(head[8..]);
        if (l < 1 || l > MaxLayers)
            throw new WeightsFormatException($"The header claims {l} layers; a valid file has 1 to {MaxLayers}.");

        var rest = new byte[HeaderLength(l) - 12];
        ReadExactly(stream, rest, "the layer table");
        var sizes = new int[l + 1];
        for (int i = 0; i <= l; i++)
        {
            sizes[i] = BinaryPrimitives.ReadInt32LittleEndian(rest.AsSpan(4 * i));
            if (sizes[i] < 1 || sizes[i] > MaxWidth)
                throw new WeightsFormatException($"Layer size {i} is {sizes[i]}; a valid file has sizes from 1 to {MaxWidth}.");
        }
        var activations = new Activation[l];
        var masked = new bool[l];
        long bodyLength = 0;
        for (int h = 0; h < l; h++)
        {
            byte a = rest[4 * (l + 1) + h], m = rest[4 * (l + 1) + l + h];
            if (a > 3) throw new WeightsFormatException($"Layer {h} has activation code {a}; valid codes are 0 to 3.");
            if (m > 1) throw new WeightsFormatException($"Layer {h} has mask flag {m}; valid flags are 0 and 1.");
            activations[h] = (Activation)a;
            masked[h] = m == 1;
            long weights = (long)sizes[h] * sizes[h + 1];
            bodyLength += (weights + sizes[h + 1]) * es + (masked[h] ? weights : 0);
            // Checked per layer: one layer adds at most 9·2^48 + 2^27, so the sum cannot overflow before this stops it.
            if (HeaderLength(l) + bodyLength + 4 > int.MaxValue)
                throw new WeightsFormatException($"The header describes more than {HeaderLength(l) + bodyLength + 4} bytes (layers 0 to {h} alone), more than this reader accepts.");
        }
        long fileLength = HeaderLength(l) + bodyLength + 4;

        // A header can claim up to 2 GB: believe it only as far as the stream bears it out, before allocating.
        if (stream.CanSeek)
        {
            long remaining = stream.Length - stream.Position;
            if (remaining < bodyLength + 4)
                throw new WeightsFormatException($"The file is truncated: its header describes {fileLength} bytes but it has {HeaderLength(l) + remaining}.");
            if (remaining > bodyLength + 4)
                throw new WeightsFormatException($"The file continues past its checksum (expected exactly {fileLength} bytes, it has {HeaderLength(l) + remaining}).");
        }
        byte[] body = ReadGrowing(stream, (int)bodyLength + 4, $"the {bodyLength} bytes of weights and the checksum");
        if (stream.ReadByte() != -1)
            throw new WeightsFormatException($"The file continues past its checksum (expected exactly {fileLength} bytes).");

        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(body.AsSpan((int)bodyLength));
        var checksum = new Crc32();
        checksum.Append(head);
        checksum.Append(rest);
        checksum.Append(body.AsSpan(0, (int)bodyLength));
        uint crc = checksum.GetCurrentHashAsUInt32();
        if (crc != stored)
            throw new WeightsFormatException($"Checksum mismatch: the file says 0x{stored:X8}, its contents give 0x{crc:X8}; the file is corrupt.");

        var contents = new Contents<T>(sizes, activations, new T[l][], new T[l][], new T[]?[l], (OutputTransform)(version == TransformVersion ? head[7] : 0));
        int o = 0;
        for (int h = 0; h < l; h++)
        {
            int weights = sizes[h] * sizes[h + 1];
            contents.Weights[h] = ReadValues<T>(body.AsSpan(o, weights * es)); o += weights * es;
            contents.Biases[h] = ReadValues<T>(body.AsSpan(o, sizes[h + 1] * es)); o += sizes[h + 1] * es;
            if (!allowNonFinite)
            {
                RequireFinite<T>(contents.Weights[h], h, sizes[h], "weight");
                RequireFinite<T>(contents.Biases[h], h, 1, "bias");
            }
            if (masked[h])
            {
                var mask = new T[weights];
                for (int i = 0; i < weights; i++)
                {
                    byte b = body[o + i];
                    if (b > 1) throw new WeightsFormatException($"Layer {h} mask byte {i} is {b}; masks hold 0 or 1.");
                    mask[i] = b == 1 ? T.One : T.Zero;
                }
                contents.Masks[h] = mask;
                o += weights;
            }
        }
        return contents;
    }

    // A valid checksum only says the bytes are the ones written: a model saved after its training diverged holds NaN.
    internal static void RequireFinite<T>(T[] values, int layer, int columns, string what, string remedy = " (load with allowNonFiniteWeights: true to accept them)")
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++)
            if (!T.IsFinite(values[i]))
                throw new WeightsFormatException(
                    $"Layer {layer} {what} {i}{(columns > 1 ? $" (row {i / columns}, column {i % columns})" : "")} is {values[i]}; the file holds non-finite values{remedy}.");
    }

    internal sealed record Contents<T>(int[] Sizes, Activation[] Activations, T[][] Weights, T[][] Biases, T[]?[] Masks, OutputTransform OutputTransform);

    // Values are copied as raw memory; every .NET 10 platform is little-endian, but say so if one is not.
    private static void LittleEndianHost()
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("The weights format is little-endian and this host is not.");
    }

    private static int HeaderLength(int layers) => 12 + 4 * (layers + 1) + 2 * layers;

    private static int WriteValues<T>(T[] values, Span<byte> destination) where T : unmanaged
    {
        ReadOnlySpan<byte> raw = MemoryMarshal.AsBytes(values.AsSpan());
        raw.CopyTo(destination); // little-endian host (checked in Read/Write entry points)
        return raw.Length;
    }

    private static T[] ReadValues<T>(ReadOnlySpan<byte> source) where T : unmanaged
    {
        var values = new T[source.Length / System.Runtime.CompilerServices.Unsafe.SizeOf<T>()];
        source.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    /// <summary>
    /// Reads exactly <paramref name="length"/> bytes into a buffer that grows (doubling from 64 KiB) as data arrives, so a
    /// header that lies about the length costs memory in proportion to the bytes really there.
    /// </summary>
    internal static byte[] ReadGrowing(Stream stream, int length, string what)
    {
        var buffer = new byte[Math.Min(length, 1 << 16)];
        int total = 0;
        while (true)
        {
            ReadExactly(stream, buffer.AsSpan(total), what, total, length);
            total = buffer.Length;
            if (total == length)
                return buffer;
            Array.Resize(ref buffer, (int)Math.Min(length, 2L * total));
        }
    }

    internal static void ReadExactly(Stream stream, Span<byte> buffer, string what) => ReadExactly(stream, buffer, what, 0, buffer.Length);

    private static void ReadExactly(Stream stream, Span<byte> buffer, string what, int already, int expected)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n == 0)
                throw new WeightsFormatException($"The file is truncated: it ended {already + total} bytes into {what} ({expected} expected).");
            total += n;
        }
    }
}
