using System;
using System.IO;
using System.Linq;
using System.Numerics;
using CommunityToolkit.HighPerformance;
using Kernels.Testing;
using Xunit;

namespace Kernels.Mlp.Tests.Interchange;

/// <summary>
/// The models made by the real tools (tests/fixtures/make_models.py: torch.onnx.export, onnx.helper, PyTorch state_dicts
/// in safetensors) load with the right shape and reproduce the outputs computed in float64 from their weights, within
/// the bound of <see cref="ForwardBound"/>, in float and in double, batched and one sample at a time, on every ISA path.
/// </summary>
public class FixtureTests
{
    public static TheoryData<string> Models => [.. FixtureModels.Models.Select(m => m.File)];

    public static TheoryData<string> Invalid => [.. FixtureModels.Invalid.Select(m => m.File)];

    internal static Network<T> Load<T>(FixtureModel f) where T : unmanaged, IFloatingPointIeee754<T> =>
        f.Format == "onnx" ? Network<T>.LoadOnnx(f.Path) : Network<T>.LoadSafetensors(f.Path, f.Activations);

    [Theory, MemberData(nameof(Models))]
    public void A_float_network_reproduces_the_expected_outputs(string file) => Reproduces<float>(FixtureModels.Named(file));

    [Theory, MemberData(nameof(Models))]
    public void A_double_network_reproduces_the_expected_outputs(string file) => Reproduces<double>(FixtureModels.Named(file));

    private static void Reproduces<T>(FixtureModel f) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var net = Load<T>(f);
        Assert.Equal(f.Sizes, net.Sizes);
        Assert.Equal(f.Activations, net.Layers.Select(l => l.Activation));
        Assert.Equal(f.Transform, net.OutputTransform);
        var exact = Load<double>(f); // every element type the readers take widens to double exactly
        double[] bound = ForwardBound.Compute(exact, net, f.Inputs, f.Outputs);

        int n0 = net.InputSize, nl = net.OutputSize;
        var x = new T[f.Batch, n0];
        for (int s = 0; s < f.Batch; s++)
            for (int j = 0; j < n0; j++) x[s, j] = T.CreateChecked(f.Inputs[s * n0 + j]);
        foreach (IsaPath path in Isa.SupportedPaths)
            using (Isa.Force(path))
            {
                var ws = net.CreateWorkspace(f.Batch);
                var batched = net.Forward(ws, x);
                var actual = new double[f.Batch * nl];
                for (int s = 0; s < f.Batch; s++)
                    for (int i = 0; i < nl; i++) actual[s * nl + i] = double.CreateChecked(batched[s, i]);
                Compare.WithinBound<double>(f.Outputs, actual, bound, "ForwardBound").ThrowIfFailed($"{f.File} {typeof(T).Name} Forward on {path}");

                var y = new T[nl];
                for (int s = 0; s < f.Batch; s++)
                {
                    net.Predict(ws, Enumerable.Range(0, n0).Select(j => x[s, j]).ToArray(), y);
                    for (int i = 0; i < nl; i++) actual[s * nl + i] = double.CreateChecked(y[i]);
                }
                Compare.WithinBound<double>(f.Outputs, actual, bound, "ForwardBound").ThrowIfFailed($"{f.File} {typeof(T).Name} Predict on {path}");
            }
    }

    [Theory, MemberData(nameof(Invalid))]
    public void An_invalid_graph_is_refused_with_the_node_and_the_reason(string file)
    {
        var f = FixtureModels.Invalid.Single(m => m.File == file);
        var e = Assert.Throws<NotSupportedException>(() => Network<float>.LoadOnnx(FixtureModels.PathOf(file)));
        Assert.Equal(f.Exception, e.GetType().Name);
        foreach (string fragment in f.Contains)
            Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_fixture_set_covers_what_the_issue_lists()
    {
        var files = FixtureModels.Models.Select(m => m.File).ToArray();
        foreach (int opset in new[] { 9, 13, 17 })
            Assert.Contains(files, f => f.Contains($"opset{opset}.", StringComparison.Ordinal) && f.StartsWith("mlp", StringComparison.Ordinal));
        Assert.Contains(FixtureModels.Models, m => m.Sizes.SequenceEqual([784, 256, 128, 10]) && m.Transform == OutputTransform.Softmax);
        Assert.Contains(FixtureModels.Models, m => m.Sizes.SequenceEqual([2, 8, 1]) && m.Format == "safetensors");
        foreach (string ext in new[] { "f16", "bf16", "f32", "f64" })
            Assert.Contains(files, f => f.Contains($".{ext}.safetensors", StringComparison.Ordinal));
        Assert.True(File.Exists(FixtureModels.PathOf("mlp784_relu.opset17.onnx")));
    }
}
