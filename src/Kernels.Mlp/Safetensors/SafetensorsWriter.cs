using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Numerics;
using System.Text.Json;

namespace Kernels.Mlp.Safetensors;

/// <summary>
/// Writes a network's weights and biases as a safetensors file: the layout of a PyTorch <c>state_dict</c>
/// (<c>&lt;prefix&gt;.weight</c> out × in, <c>&lt;prefix&gt;.bias</c>), F32 for a float network and F64 for a double one,
/// the header padded with spaces to a multiple of 8 bytes as the reference writer does, and "__metadata__" first.
/// </summary>
internal static class SafetensorsWriter
{
    /// <summary>The metadata written when the caller gives none: what PyTorch's own safetensors writer records.</summary>
    public static readonly IReadOnlyDictionary<string, string> DefaultMetadata = new Dictionary<string, string> { ["format"] = "pt" };

    /// <summary>
    /// The prefixes of <c>nn.Sequential(Linear, [activation], Linear, …)</c>: each linear layer, and each activation other
    /// than the identity, takes one index (so ReLU networks get 0, 2, 4 …).
    /// </summary>
    public static string[] SequentialPrefixes(IReadOnlyList<Activation> activations)
    {
        var prefixes = new string[activations.Count];
        int index = 0;
        for (int h = 0; h < prefixes.Length; h++)
        {
            prefixes[h] = index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            index += activations[h] == Activation.Identity ? 1 : 2;
        }
        return prefixes;
    }

    public static void Write<T>(Network<T> network, Stream stream, IReadOnlyList<string>? prefixes, IReadOnlyDictionary<string, string>? metadata)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(stream);
        var layers = network.Layers;
        var type = ElementConversion.Of<T>();
        int es = ElementConversion.Size(type);
        string dtype = type == ElementType.Float32 ? "F32" : "F64";
        if (prefixes is null)
        {
            var activations = new Activation[layers.Count];
            for (int h = 0; h < activations.Length; h++) activations[h] = layers[h].Activation;
            prefixes = SequentialPrefixes(activations);
        }
        else
            CheckPrefixes(prefixes, layers.Count);
        metadata ??= DefaultMetadata;

        var json = new ArrayBufferWriter<byte>();
        long offset = 0;
        using (var w = new Utf8JsonWriter(json))
        {
            w.WriteStartObject();
            if (metadata.Count > 0)
            {
                w.WriteStartObject(SafetensorsHeader.MetadataKey);
                foreach (var (key, value) in metadata)
                {
                    ArgumentNullException.ThrowIfNull(value, nameof(metadata));
                    w.WriteString(key, value);
                }
                w.WriteEndObject();
            }
            for (int h = 0; h < layers.Count; h++)
            {
                var layer = layers[h];
                Entry(w, SafetensorsReader.Key(prefixes[h], "weight"), dtype, [layer.OutputSize, layer.InputSize], ref offset, (long)layer.W.Length * es);
                Entry(w, SafetensorsReader.Key(prefixes[h], "bias"), dtype, [layer.OutputSize], ref offset, (long)layer.B.Length * es);
            }
            w.WriteEndObject();
        }
        int headerLength = (json.WrittenCount + 7) / 8 * 8;
        var bytes = new byte[checked(8 + headerLength + (int)offset)];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)headerLength);
        json.WrittenSpan.CopyTo(bytes.AsSpan(8));
        bytes.AsSpan(8 + json.WrittenCount, headerLength - json.WrittenCount).Fill((byte)' ');
        int o = 8 + headerLength;
        foreach (var layer in layers)
        {
            ElementConversion.Write<T>(layer.W, bytes.AsSpan(o)); o += layer.W.Length * es;
            ElementConversion.Write<T>(layer.B, bytes.AsSpan(o)); o += layer.B.Length * es;
        }
        stream.Write(bytes);
    }

    private static void Entry(Utf8JsonWriter w, string name, string dtype, long[] shape, ref long offset, long bytes)
    {
        w.WriteStartObject(name);
        w.WriteString("dtype", dtype);
        w.WriteStartArray("shape");
        foreach (long d in shape) w.WriteNumberValue(d);
        w.WriteEndArray();
        w.WriteStartArray("data_offsets");
        w.WriteNumberValue(offset);
        w.WriteNumberValue(offset + bytes);
        w.WriteEndArray();
        w.WriteEndObject();
        offset += bytes;
    }

    private static void CheckPrefixes(IReadOnlyList<string> prefixes, int layers)
    {
        if (prefixes.Count != layers)
            throw new ArgumentException($"{prefixes.Count} layer prefixes given for {layers} layers.", nameof(prefixes));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string p in prefixes)
        {
            ArgumentNullException.ThrowIfNull(p, nameof(prefixes));
            if (!seen.Add(p))
                throw new ArgumentException($"The layer prefix '{p}' is given twice.", nameof(prefixes));
            if (p == SafetensorsHeader.MetadataKey || (p.Length == 0 && layers > 1))
                throw new ArgumentException($"'{p}' cannot be a layer prefix here.", nameof(prefixes));
        }
    }
}
