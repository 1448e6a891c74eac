using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace Kernels.Mlp.Tests.Interchange;

/// <summary>One model of tests/fixtures/models/expected.json: its file, inputs and the outputs computed in float64.</summary>
internal sealed record FixtureModel(
    string File, string Format, int[] Sizes, Activation[] Activations, OutputTransform Transform, int[] InputShape,
    double[] Inputs, double[] Outputs, bool RunsInOnnxRuntime, string Note)
{
    public int Batch => InputShape[0];

    public string Path => FixtureModels.PathOf(File);

    public override string ToString() => File;
}

/// <summary>An ONNX file the readers must refuse, with words the exception's message must contain.</summary>
internal sealed record InvalidFixture(string File, string Exception, string[] Contains)
{
    public override string ToString() => File;
}

/// <summary>The fixtures made by tests/fixtures/make_models.py, copied beside the test assembly.</summary>
internal static class FixtureModels
{
    private static readonly Lazy<(FixtureModel[] Models, InvalidFixture[] Invalid)> s_manifest = new(Load);

    public static IReadOnlyList<FixtureModel> Models => s_manifest.Value.Models;

    public static IReadOnlyList<InvalidFixture> Invalid => s_manifest.Value.Invalid;

    public static FixtureModel Named(string file) => Models.Single(m => m.File == file);

    public static string PathOf(string file) => System.IO.Path.Combine(AppContext.BaseDirectory, "fixtures", file);

    private static (FixtureModel[], InvalidFixture[]) Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(PathOf("expected.json")));
        var models = doc.RootElement.GetProperty("models").EnumerateArray().Select(m => new FixtureModel(
            m.GetProperty("file").GetString()!,
            m.GetProperty("format").GetString()!,
            [.. m.GetProperty("sizes").EnumerateArray().Select(v => v.GetInt32())],
            [.. m.GetProperty("activations").EnumerateArray().Select(v => Enum.Parse<Activation>(v.GetString()!))],
            Enum.Parse<OutputTransform>(m.GetProperty("transform").GetString()!),
            [.. m.GetProperty("input_shape").EnumerateArray().Select(v => v.GetInt32())],
            [.. m.GetProperty("inputs").EnumerateArray().Select(v => v.GetDouble())],
            [.. m.GetProperty("outputs").EnumerateArray().Select(v => v.GetDouble())],
            m.GetProperty("ort").GetBoolean(),
            m.GetProperty("note").GetString()!)).ToArray();
        var invalid = doc.RootElement.GetProperty("invalid").EnumerateArray().Select(m => new InvalidFixture(
            m.GetProperty("file").GetString()!,
            m.GetProperty("exception").GetString()!,
            [.. m.GetProperty("contains").EnumerateArray().Select(v => v.GetString()!)])).ToArray();
        return (models, invalid);
    }
}
