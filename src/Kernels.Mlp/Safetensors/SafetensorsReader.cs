using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Numerics;

namespace Kernels.Mlp.Safetensors;

/// <summary>
/// Reads a safetensors file (8-byte little-endian header length, JSON header, data) holding a PyTorch
/// <c>state_dict</c> of <c>nn.Linear</c> layers, and arranges its tensors into layers: <c>&lt;prefix&gt;.weight</c>
/// (out × in) and an optional <c>&lt;prefix&gt;.bias</c> (out) per layer, ordered by an explicit list of prefixes or by
/// the chain of their shapes.
/// </summary>
/// <remarks>
/// Lengths are believed only as far as the stream bears them out: a seekable stream's length is compared before any
/// buffer is allocated, and otherwise buffers grow as bytes arrive, so a header claiming terabytes costs nothing.
/// </remarks>
internal static class SafetensorsReader
{
    /// <summary>The reference implementation's limit on the JSON header.</summary>
    public const int MaxHeaderBytes = 100_000_000;

    /// <summary>Reads the whole file: the validated header's tensors (sorted by offset) and the data section.</summary>
    public static (List<TensorEntry> Tensors, byte[] Data) ReadFile(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("The safetensors reader assumes a little-endian host.");
        Span<byte> prefix = stackalloc byte[8];
        WeightsFile.ReadExactly(stream, prefix, "the 8-byte header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength < 2 || headerLength > MaxHeaderBytes)
            throw new WeightsFormatException($"The safetensors header length is {headerLength} bytes; a valid header has 2 to {MaxHeaderBytes}.");
        if (stream.CanSeek && stream.Length - stream.Position < (long)headerLength)
            throw new WeightsFormatException($"The file is truncated: its header length says {headerLength} bytes of JSON, but only {stream.Length - stream.Position} bytes follow.");
        byte[] header = WeightsFile.ReadGrowing(stream, (int)headerLength, "the JSON header");

        var (tensors, dataLength) = SafetensorsHeader.Parse(header);
        if (dataLength > int.MaxValue)
            throw new WeightsFormatException($"The safetensors header describes {dataLength} bytes of tensor data, more than this reader accepts.");
        if (stream.CanSeek)
        {
            long remaining = stream.Length - stream.Position;
            if (remaining < dataLength)
                throw new WeightsFormatException($"The file is truncated: its header describes {dataLength} bytes of tensor data, but {remaining} follow.");
            if (remaining > dataLength)
                throw new WeightsFormatException($"The file continues past its last tensor: the header describes {dataLength} bytes of data, {remaining} follow.");
        }
        byte[] data = WeightsFile.ReadGrowing(stream, (int)dataLength, "the tensor data");
        if (stream.ReadByte() != -1)
            throw new WeightsFormatException($"The file continues past its last tensor (the header describes {dataLength} bytes of data).");
        return (tensors, data);
    }

    /// <summary>Arranges the tensors into layers and decodes them.</summary>
    /// <param name="tensors">The file's tensors.</param>
    /// <param name="data">The data section.</param>
    /// <param name="activations">One per layer, from the caller.</param>
    /// <param name="prefixes">The layers' key prefixes in order, or null to order them by the chain of shapes.</param>
    public static ImportedNetwork<T> ToNetwork<T>(List<TensorEntry> tensors, byte[] data, ReadOnlySpan<Activation> activations, IReadOnlyList<string>? prefixes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var layers = Group(tensors);
        List<string> order = prefixes is null ? Order(layers) : Listed(layers, prefixes);
        for (int h = 1; h < order.Count; h++)
        {
            var (below, above) = (layers[order[h - 1]].Weight, layers[order[h]].Weight);
            if (above.Shape[1] != below.Shape[0])
                throw new WeightsFormatException($"Shapes do not chain: '{above.Name}' is {above.Shape[0]}×{above.Shape[1]} (takes {above.Shape[1]} inputs), but '{below.Name}' before it gives {below.Shape[0]} outputs.");
        }
        if (activations.Length != order.Count)
            throw new ArgumentException($"The file has {order.Count} layers ({string.Join(", ", order.Select(p => $"'{p}'"))}) but {activations.Length} activations were given, one per layer.", nameof(activations));
        foreach (Activation a in activations)
            if (!Enum.IsDefined(a))
                throw new ArgumentOutOfRangeException(nameof(activations), a, "Not an Activation value.");

        var sizes = new int[order.Count + 1];
        var weights = new T[order.Count][];
        var biases = new T[order.Count][];
        sizes[0] = (int)layers[order[0]].Weight.Shape[1];
        for (int h = 0; h < order.Count; h++)
        {
            var (w, b) = layers[order[h]];
            sizes[h + 1] = (int)w.Shape[0];
            weights[h] = Decode<T>(w, data);
            biases[h] = b is null ? new T[sizes[h + 1]] : Decode<T>(b, data);
        }
        var imported = new ImportedNetwork<T>(sizes, activations.ToArray(), weights, biases, OutputTransform.None);
        imported.AssertConsistent();
        return imported;
    }

    private static Dictionary<string, (TensorEntry Weight, TensorEntry? Bias)> Group(List<TensorEntry> tensors)
    {
        var weights = new Dictionary<string, TensorEntry>(StringComparer.Ordinal);
        var biases = new Dictionary<string, TensorEntry>(StringComparer.Ordinal);
        foreach (var t in tensors)
        {
            if (ElementTypeOf(t) is null)
                throw new WeightsFormatException($"Tensor '{t.Name}' has dtype {t.DType}; Kernels reads F32, F64, F16 and BF16 weights.");
            if (Split(t.Name, "weight") is { } wp)
            {
                if (t.Shape.Length != 2)
                    throw new WeightsFormatException($"Weight '{t.Name}' has shape {t.ShapeText}; a linear layer's weight is a matrix [out, in].");
                foreach (long d in t.Shape)
                    if (d < 1 || d > WeightsFile.MaxWidth)
                        throw new WeightsFormatException($"Weight '{t.Name}' has shape {t.ShapeText}; a layer has 1 to {WeightsFile.MaxWidth} inputs and units.");
                weights[wp] = t;
            }
            else if (Split(t.Name, "bias") is { } bp)
            {
                if (t.Shape.Length != 1)
                    throw new WeightsFormatException($"Bias '{t.Name}' has shape {t.ShapeText}; a linear layer's bias is a vector [out].");
                biases[bp] = t;
            }
            else
                throw new WeightsFormatException($"Tensor '{t.Name}' is neither a weight nor a bias of a linear layer (keys end in '.weight' or '.bias'); Kernels reads a state_dict of nn.Linear layers.");
        }
        foreach (var (p, b) in biases)
        {
            if (!weights.TryGetValue(p, out var w))
                throw new WeightsFormatException($"Bias '{b.Name}' has no weight '{Key(p, "weight")}' beside it.");
            if (b.Shape[0] != w.Shape[0])
                throw new WeightsFormatException($"Bias '{b.Name}' has {b.Shape[0]} elements but weight '{w.Name}' has {w.Shape[0]} units.");
        }
        if (weights.Count == 0)
            throw new WeightsFormatException("The file holds no linear layer (no tensor named '<prefix>.weight').");
        if (weights.Count > WeightsFile.MaxLayers)
            throw new WeightsFormatException($"The file holds {weights.Count} layers; at most {WeightsFile.MaxLayers} are read.");
        return weights.ToDictionary(kv => kv.Key, kv => (kv.Value, biases.GetValueOrDefault(kv.Key)), StringComparer.Ordinal);
    }

    /// <summary>The key of a layer's tensor: <c>fc1.weight</c>, or <c>weight</c> for a lone nn.Linear's state_dict.</summary>
    public static string Key(string prefix, string suffix) => prefix.Length == 0 ? suffix : $"{prefix}.{suffix}";

    private static string? Split(string name, string suffix) =>
        name == suffix ? "" : name.EndsWith("." + suffix, StringComparison.Ordinal) ? name[..^(suffix.Length + 1)] : null;

    public static ElementType? ElementTypeOf(TensorEntry t) => t.DType switch
    {
        "F16" => ElementType.Float16,
        "BF16" => ElementType.BFloat16,
        "F32" => ElementType.Float32,
        "F64" => ElementType.Float64,
        _ => null,
    };

    private static T[] Decode<T>(TensorEntry t, byte[] data) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var type = ElementTypeOf(t)!.Value;
        var values = new T[(int)((t.End - t.Begin) / ElementConversion.Size(type))];
        ElementConversion.ToT<T>(type, data.AsSpan((int)t.Begin, (int)(t.End - t.Begin)), 1, values.Length, false, 1, values);
        return values;
    }

    private static List<string> Listed(Dictionary<string, (TensorEntry Weight, TensorEntry? Bias)> layers, IReadOnlyList<string> prefixes)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string p in prefixes)
        {
            ArgumentNullException.ThrowIfNull(p, nameof(prefixes));
            if (!seen.Add(p))
                throw new ArgumentException($"The layer prefix '{p}' is listed twice.", nameof(prefixes));
            if (!layers.ContainsKey(p))
                throw new WeightsFormatException($"The file has no layer '{p}' (no tensor '{Key(p, "weight")}'); its layers are {string.Join(", ", layers.Keys.Order(NaturalComparer.Instance).Select(k => $"'{k}'"))}.");
        }
        var missing = layers.Keys.Where(k => !seen.Contains(k)).Order(NaturalComparer.Instance).ToList();
        if (missing.Count > 0)
            throw new WeightsFormatException($"The file also has layer(s) {string.Join(", ", missing.Select(k => $"'{k}'"))}, which the listed prefixes leave out.");
        return [.. prefixes];
    }

    /// <summary>
    /// The order of the layers: the prefixes in natural order (<c>0, 2, 4, 10</c>; <c>fc1, fc2</c>) when their shapes
    /// chain that way, else the one order in which they chain.
    /// </summary>
    private static List<string> Order(Dictionary<string, (TensorEntry Weight, TensorEntry? Bias)> layers)
    {
        var natural = layers.Keys.Order(NaturalComparer.Instance).ToList();
        bool Chains(IReadOnlyList<string> order)
        {
            for (int h = 1; h < order.Count; h++)
                if (layers[order[h]].Weight.Shape[1] != layers[order[h - 1]].Weight.Shape[0]) return false;
            return true;
        }
        if (Chains(natural))
            return natural;

        var found = new List<List<string>>();
        var path = new List<string>();
        var used = new HashSet<string>();
        int budget = 1_000_000;
        void Extend()
        {
            if (found.Count > 1 || --budget < 0) return;
            if (path.Count == natural.Count) { found.Add([.. path]); return; }
            foreach (string p in natural)
            {
                if (used.Contains(p) || (path.Count > 0 && layers[p].Weight.Shape[1] != layers[path[^1]].Weight.Shape[0])) continue;
                used.Add(p); path.Add(p);
                Extend();
                used.Remove(p); path.RemoveAt(path.Count - 1);
            }
        }
        Extend();
        string shapes = string.Join(", ", natural.Select(p => $"'{p}' {layers[p].Weight.ShapeText}"));
        if (found.Count == 1)
            return found[0];
        if (found.Count == 0 && budget >= 0)
            throw new WeightsFormatException($"The layers' shapes do not chain in any order ([out, in]: {shapes}).");
        throw new WeightsFormatException($"The layers' shapes chain in more than one order ([out, in]: {shapes}) and their names do not give one; pass the layer prefixes in order.");
    }
}
