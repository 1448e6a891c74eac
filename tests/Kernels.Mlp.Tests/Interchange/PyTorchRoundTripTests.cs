using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Kernels.Testing;
using Xunit;

namespace Kernels.Mlp.Tests.Interchange;

/// <summary>
/// Leaves a safetensors file written by <see cref="Network{T}.SaveSafetensors(string)"/>, with inputs, the outputs
/// Predict gave and their error bounds, where <c>tests/fixtures/make_models.py --verify-roundtrip</c> loads it into
/// PyTorch (<c>load_state_dict(strict=True)</c>) and compares (run by hand; see tests/fixtures/README.md).
/// </summary>
public class PyTorchRoundTripTests
{
    public static string Folder => Path.Combine(Path.GetTempPath(), "kernels-safetensors-roundtrip");

    [Fact]
    public void Safetensors_written_by_Kernels_are_left_for_the_PyTorch_check()
    {
        // Every activation, and an identity layer inside (it takes no nn.Sequential index).
        var net = TestNetworks.Make("10-16-12-8-3:Relu,Sigmoid,Identity,Tanh", OutputTransform.None);
        Directory.CreateDirectory(Folder);
        string file = Path.Combine(Folder, "roundtrip.safetensors");
        net.SaveSafetensors(file);

        var exact = Network<double>.LoadSafetensors(file, [.. net.Layers.Select(l => l.Activation)]);
        float[] x = TestData.Uniform<float>(5 * 10, 77, -2, 2);
        double[] xd = [.. x.Select(v => (double)v)];
        var outputs = new double[5 * 3];
        var ws = net.CreateWorkspace(1);
        var y = new float[3];
        for (int s = 0; s < 5; s++)
        {
            net.Predict(ws, x.AsSpan(s * 10, 10), y);
            for (int i = 0; i < 3; i++) outputs[s * 3 + i] = y[i];
        }
        double[] reference = ForwardBound.Reference(exact, xd);
        double[] bound = ForwardBound.Compute(exact, net, xd, reference);
        Compare.WithinBound<double>(reference, outputs, bound, "ForwardBound").ThrowIfFailed("Predict against double");

        var spec = new
        {
            sizes = net.Sizes,
            activations = net.Layers.Select(l => l.Activation.ToString()).ToArray(),
            inputs = xd,
            outputs,
            bounds = bound,
        };
        File.WriteAllText(Path.Combine(Folder, "roundtrip.json"), JsonSerializer.Serialize(spec));
        Assert.True(File.Exists(file));
    }
}
