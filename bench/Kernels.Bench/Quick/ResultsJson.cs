using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kernels.Bench.Quick;

/// <summary>Reads and writes <see cref="BenchRun"/> as JSON (enums as names, indented).</summary>
internal static class ResultsJson
{
    private static readonly JsonSerializerOptions s_options = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Write(BenchRun run, string path)
    {
        using var stream = File.Create(path);
        JsonSerializer.Serialize(stream, run, s_options);
    }

    public static BenchRun? Read(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<BenchRun>(stream, s_options);
    }
}
