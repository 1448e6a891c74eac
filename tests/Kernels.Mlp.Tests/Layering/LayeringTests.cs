using System.Collections.Generic;
using System.Linq;
using Kernels.Testing;
using Xunit;

namespace Kernels.Mlp.Tests.Layering;

/// <summary>
/// The folder layout is the architecture: each assembly's namespaces form layers, and a type may use its own layer
/// and those below, never one above (read from the compiled IL, so a method body's call counts as much as a
/// signature). The public vocabulary of a higher layer (an enum a kernel takes, the model a file format serialises)
/// is listed by name where a lower layer may use it.
/// </summary>
public class LayeringTests
{
    [Fact]
    public void Kernels_layers_use_only_what_is_below_them() =>
        AssertLayers(typeof(Gemm).Assembly.Location,
            layers:
            [
                ["Kernels.Platform"],
                ["Kernels.Simd"],
                ["Kernels.Vectors"],
                ["Kernels.Matrices"],
                ["Kernels.MatrixMultiply", "Kernels.Validation"],
                ["Kernels"],
            ],
            vocabulary: ["Kernels.Activation", "Kernels.Transpose", "Kernels.IsaPath", "Kernels.Isa", "Kernels.GemmRoute"]);

    [Fact]
    public void Kernels_Mlp_layers_use_only_what_is_below_them() =>
        AssertLayers(typeof(Network<float>).Assembly.Location,
            layers:
            [
                ["Kernels.Shared", "Kernels.Mlp.Data"],
                ["Kernels.Mlp.Onnx.Proto"],
                ["Kernels.Mlp.Onnx", "Kernels.Mlp.Safetensors"],
                ["Kernels.Mlp"],
                ["Kernels.Mlp.Reference"],
            ],
            // A file format reads and writes the model and its element types; it never reaches training.
            vocabulary:
            [
                "Kernels.Mlp.Network`1", "Kernels.Mlp.DenseLayer`1", "Kernels.Mlp.OutputTransform", "Kernels.Mlp.ImportedNetwork`1",
                "Kernels.Mlp.ElementConversion", "Kernels.Mlp.ElementType", "Kernels.Mlp.WeightsFile", "Kernels.Mlp.WeightsFormatException",
            ]);

    [Fact]
    public void Kernels_Testing_layers_use_only_what_is_below_them() =>
        AssertLayers(typeof(Compare).Assembly.Location,
            layers: [["Kernels.Shared"], ["Kernels.Testing.Reference"], ["Kernels.Testing"]],
            vocabulary: []);

    [Fact]
    public void The_rule_catches_a_layer_that_reaches_up()
    {
        var edges = new NamespaceDependencies(typeof(Gemm).Assembly.Location).Edges;
        // Simd below Vectors: turned upside down, the real edges Vectors → Simd must all be reported.
        var violations = Violations(edges, new NamespaceDependencies(typeof(Gemm).Assembly.Location).NamespaceOf,
            [["Kernels.Vectors"], ["Kernels.Simd"]], []);
        Assert.Contains(violations, v => v.StartsWith("Kernels.Vectors.", System.StringComparison.Ordinal) && v.Contains("→ Kernels.Simd.", System.StringComparison.Ordinal));
    }

    private static void AssertLayers(string assemblyPath, string[][] layers, string[] vocabulary)
    {
        var deps = new NamespaceDependencies(assemblyPath);
        var unplaced = deps.NamespaceOf.Values.Distinct().Where(ns => !layers.Any(l => l.Contains(ns))).ToList();
        Assert.True(unplaced.Count == 0, "Namespaces in no layer (add them to the table): " + string.Join(", ", unplaced));
        var violations = Violations(deps.Edges, deps.NamespaceOf, layers, vocabulary);
        Assert.True(violations.Count == 0, "Uses that reach up a layer:\n" + string.Join("\n", violations));
    }

    private static List<string> Violations(IReadOnlyList<(string FromNamespace, string From, string To)> edges,
        IReadOnlyDictionary<string, string> namespaceOf, string[][] layers, string[] vocabulary)
    {
        int Layer(string ns) => System.Array.FindIndex(layers, l => l.Contains(ns));
        var result = new List<string>();
        foreach (var (fromNs, from, to) in edges)
        {
            string toNs = namespaceOf[to];
            if (toNs == fromNs || vocabulary.Contains(to))
                continue;
            int fromLayer = Layer(fromNs), toLayer = Layer(toNs);
            if (fromLayer < 0 || toLayer < 0)
                continue;
            if (toLayer >= fromLayer)
                result.Add($"{from} → {to}");
        }
        return result;
    }
}
