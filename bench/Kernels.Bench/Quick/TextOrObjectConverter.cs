using System;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kernels.Bench.Quick;

/// <summary>
/// Reads a text field that older results wrote as an object (the caches were <c>{"L1Data": 32768, …}</c>), so that
/// <c>--compare</c> can take a baseline saved by an earlier version of the bench; writes it as text.
/// </summary>
internal sealed class TextOrObjectConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            return reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
        using var document = JsonDocument.ParseValue(ref reader);
        return string.Join(", ", document.RootElement.EnumerateObject().Select(p => $"{p.Name} {p.Value}"));
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
