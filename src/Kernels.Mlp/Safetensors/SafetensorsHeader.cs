using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace Kernels.Mlp.Safetensors;

/// <summary>One tensor of a safetensors header: its name, dtype, shape and byte range within the data section.</summary>
internal sealed record TensorEntry(string Name, string DType, long[] Shape, long Begin, long End)
{
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}

/// <summary>
/// The JSON header of a safetensors file, parsed and validated against the format's rules: an object whose keys are
/// tensor names (each { "dtype", "shape", "data_offsets": [begin, end] }) plus an optional "__metadata__" object of
/// strings; every range exactly the size its dtype and shape give; the ranges, in order, tiling the data section from 0
/// to its end with no gap and no overlap.
/// </summary>
internal static class SafetensorsHeader
{
    public const string MetadataKey = "__metadata__";

    /// <summary>The dtypes of the format and their sizes in bytes; Kernels converts the four floating-point ones.</summary>
    public static readonly IReadOnlyDictionary<string, int> DTypeSizes = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["BOOL"] = 1, ["U8"] = 1, ["I8"] = 1, ["F8_E5M2"] = 1, ["F8_E4M3"] = 1,
        ["I16"] = 2, ["U16"] = 2, ["F16"] = 2, ["BF16"] = 2,
        ["I32"] = 4, ["U32"] = 4, ["F32"] = 4,
        ["I64"] = 8, ["U64"] = 8, ["F64"] = 8,
    };

    /// <summary>Parses <paramref name="json"/>; returns the tensors sorted by offset and the data section's length.</summary>
    /// <exception cref="WeightsFormatException">Invalid JSON, fields or ranges.</exception>
    public static (List<TensorEntry> Tensors, long DataLength) Parse(ReadOnlySpan<byte> json)
    {
        var tensors = new List<TensorEntry>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 8 });
            Expect(ref reader, JsonTokenType.StartObject, "the header");
            while (Next(ref reader) != JsonTokenType.EndObject)
            {
                string name = reader.GetString()!;
                if (!names.Add(name))
                    throw new WeightsFormatException($"The safetensors header names '{name}' twice.");
                if (name == MetadataKey)
                    SkipMetadata(ref reader);
                else
                    tensors.Add(ParseTensor(ref reader, name));
            }
            if (reader.Read())
                throw new WeightsFormatException("The safetensors header has more after its closing brace.");
        }
        catch (JsonException e)
        {
            throw new WeightsFormatException($"The safetensors header is not valid JSON: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            throw new WeightsFormatException($"The safetensors header is not valid JSON: {e.Message}", e);
        }

        tensors.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long end = 0;
        foreach (var t in tensors)
        {
            if (t.Begin != end)
                throw new WeightsFormatException(t.Begin < end
                    ? $"Tensor '{t.Name}' starts at byte {t.Begin} of the data, inside the tensor before it (which ends at {end}): ranges overlap."
                    : $"Tensor '{t.Name}' starts at byte {t.Begin} of the data, but the tensor before it ends at {end}: the format leaves no gaps.");
            end = t.End;
        }
        return (tensors, end);
    }

    /// <summary>The "__metadata__" object (string values only), or an empty dictionary; used by tests and tools.</summary>
    public static Dictionary<string, string> Metadata(ReadOnlySpan<byte> json)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        using var doc = JsonDocument.Parse(json.ToArray());
        if (doc.RootElement.TryGetProperty(MetadataKey, out var m))
            foreach (var p in m.EnumerateObject())
                result[p.Name] = p.Value.GetString()!;
        return result;
    }

    private static TensorEntry ParseTensor(ref Utf8JsonReader reader, string name)
    {
        string? dtype = null;
        long[]? shape = null, offsets = null;
        Expect(ref reader, JsonTokenType.StartObject, $"tensor '{name}'");
        while (Next(ref reader) != JsonTokenType.EndObject)
        {
            string field = reader.GetString()!;
            switch (field)
            {
                case "dtype":
                    Expect(ref reader, JsonTokenType.String, $"the dtype of '{name}'");
                    dtype = reader.GetString();
                    break;
                case "shape":
                    shape = Integers(ref reader, $"the shape of '{name}'");
                    break;
                case "data_offsets":
                    offsets = Integers(ref reader, $"the data_offsets of '{name}'");
                    break;
                default:
                    reader.Read();
                    reader.Skip(); // fields the format may add later
                    break;
            }
        }
        if (dtype is null || shape is null || offsets is null)
            throw new WeightsFormatException($"Tensor '{name}' lacks {(dtype is null ? "dtype" : shape is null ? "shape" : "data_offsets")} in the safetensors header.");
        if (!DTypeSizes.TryGetValue(dtype, out int size))
            throw new WeightsFormatException($"Tensor '{name}' has dtype '{dtype}', which is not a safetensors dtype.");
        if (offsets.Length != 2 || offsets[0] > offsets[1])
            throw new WeightsFormatException($"Tensor '{name}' has data_offsets [{string.Join(", ", offsets)}]; they are [begin, end] with begin ≤ end.");
        long count = 1;
        foreach (long d in shape)
        {
            // Dimensions and offsets are at most 2^53 (below); the product is checked as it grows, against what one
            // range of a file this reader accepts (2^31 bytes) can hold.
            if (d != 0 && count > int.MaxValue / d)
                throw new WeightsFormatException($"Tensor '{name}' of shape [{string.Join(", ", shape)}] has more elements than this reader accepts.");
            count *= d;
        }
        if (offsets[1] - offsets[0] != count * size)
            throw new WeightsFormatException($"Tensor '{name}' ({dtype}, shape [{string.Join(", ", shape)}]) needs {count * size} bytes but its data_offsets [{offsets[0]}, {offsets[1]}] span {offsets[1] - offsets[0]}.");
        return new TensorEntry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private static void SkipMetadata(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, MetadataKey);
        while (Next(ref reader) != JsonTokenType.EndObject)
        {
            string key = reader.GetString()!;
            Expect(ref reader, JsonTokenType.String, $"{MetadataKey} entry '{key}'");
        }
    }

    private static long[] Integers(ref Utf8JsonReader reader, string what)
    {
        Expect(ref reader, JsonTokenType.StartArray, what);
        var values = new List<long>();
        while (true)
        {
            if (!reader.Read())
                throw new WeightsFormatException($"The safetensors header ends inside {what}.");
            if (reader.TokenType == JsonTokenType.EndArray)
                return [.. values];
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long v) || v < 0 || v > 1L << 53)
                throw new WeightsFormatException($"{Capitalised(what)} holds {Token(ref reader)}; it holds integers from 0 to 2^53.");
            values.Add(v);
            if (values.Count > 64)
                throw new WeightsFormatException($"{Capitalised(what)} has more than 64 entries.");
        }
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
            throw new WeightsFormatException("The safetensors header ends inside an object.");
        if (reader.TokenType is not (JsonTokenType.PropertyName or JsonTokenType.EndObject))
            throw new WeightsFormatException($"The safetensors header has {reader.TokenType} where a key was expected.");
        return reader.TokenType;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (!reader.Read())
            throw new WeightsFormatException($"The safetensors header ends before {what}.");
        if (reader.TokenType != type)
            throw new WeightsFormatException($"In the safetensors header, {what} is {Token(ref reader)}, expected {Article(type)}.");
    }

    private static string Token(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Number or JsonTokenType.String => $"{reader.TokenType} {System.Text.Encoding.UTF8.GetString(reader.ValueSpan)}",
        var t => t.ToString(),
    };

    private static string Article(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        _ => type.ToString(),
    };

    private static string Capitalised(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    /// <summary>The tensors in name order, for messages that list them.</summary>
    public static string Names(IEnumerable<TensorEntry> tensors) => string.Join(", ", tensors.Select(t => $"'{t.Name}'").Order(StringComparer.Ordinal));
}
