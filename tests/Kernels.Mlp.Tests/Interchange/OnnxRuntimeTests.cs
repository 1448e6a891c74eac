using System;
using System.IO;
using System.Linq;
using CommunityToolkit.HighPerformance;
using Kernels.Testing;
using Xunit;

namespace Kernels.Mlp.Tests.Interchange;

/// <summary>
/// ONNX Runtime as the independent oracle: what SaveOnnx writes, ONNX Runtime runs to the outputs Predict and Forward
/// give; what LoadOnnx reads from the fixtures, ONNX Runtime runs to the outputs Kernels gives. Both sides are float32;
/// each is within <see cref="ForwardBound"/> of the exact result, so they are within twice that of each other.
/// </summary>
public class OnnxRuntimeTests
{
    public static TheoryData<string> OnnxFixtures => [.. FixtureModels.Models.Where(m => m.Format == "onnx" && m.RunsInOnnxRuntime).Select(m => m.File)];

    [Theory, MemberData(nameof(OnnxFixtures))]
    public void LoadOnnx_agrees_with_OnnxRuntime_on_the_fixtures(string file)
    {
        var f = FixtureModels.Named(file);
        var net = Network<float>.LoadOnnx(f.Path);
        float[] x = [.. f.Inputs.Select(v => (float)v)];
        float[] ort = OnnxRuntimeOracle.Run(File.ReadAllBytes(f.Path), x, [.. f.InputShape.Select(d => (long)d)]);

        var ws = net.CreateWorkspace(f.Batch);
        var outputs = net.Forward(ws, new ReadOnlySpan2D<float>(x, f.Batch, net.InputSize));
        double[] ours = TestNetworks.Flatten(outputs);
        double[] bound = ForwardBound.Compute(Network<double>.LoadOnnx(f.Path), net, f.Inputs, f.Outputs);
        Compare.WithinBound<double>([.. ort.Select(v => (double)v)], ours, [.. bound.Select(b => 2 * b)], "2·ForwardBound").ThrowIfFailed($"{file}: Kernels against ONNX Runtime");
        Compare.WithinBound<double>(f.Outputs, [.. ort.Select(v => (double)v)], bound, "ForwardBound").ThrowIfFailed($"{file}: ONNX Runtime against the float64 reference");
    }

    public static TheoryData<string, OutputTransform> Networks()
    {
        var data = new TheoryData<string, OutputTransform>();
        foreach (string shape in new[] { "2-8-1:Tanh,Sigmoid", "784-256-128-10:Relu,Relu,Identity", "12-20-16-5:Sigmoid,Identity,Tanh" })
            foreach (var t in Enum.GetValues<OutputTransform>())
                data.Add(shape, t);
        return data;
    }

    [Theory, MemberData(nameof(Networks))]
    public void What_SaveOnnx_writes_OnnxRuntime_runs_to_the_outputs_of_Predict_and_Forward(string shape, OutputTransform transform)
    {
        var net = TestNetworks.Make(shape, transform);
        using var file = new MemoryStream();
        net.SaveOnnx(file);
        byte[] model = file.ToArray();
        var exact = Network<double>.LoadOnnx(new MemoryStream(model)); // float32 weights, exactly, in double
        Assert.Equal(transform, exact.OutputTransform);

        foreach (int batch in new[] { 1, 7 })
        {
            float[] x = TestData.Uniform<float>(batch * net.InputSize, (ulong)(31 + batch), -2, 2);
            double[] xd = [.. x.Select(v => (double)v)];
            float[] ort = OnnxRuntimeOracle.Run(model, x, [batch, net.InputSize]);
            double[] reference = ForwardBound.Reference(exact, xd);
            double[] bound = ForwardBound.Compute(exact, net, xd, reference);
            double[] twice = [.. bound.Select(b => 2 * b)];
            double[] ortd = [.. ort.Select(v => (double)v)];

            var ws = net.CreateWorkspace(batch);
            double[] forward = TestNetworks.Flatten(net.Forward(ws, new ReadOnlySpan2D<float>(x, batch, net.InputSize)));
            Compare.WithinBound<double>(ortd, forward, twice, "2·ForwardBound").ThrowIfFailed($"{shape} {transform} batch {batch}: Forward against ONNX Runtime");
            Compare.WithinBound<double>(reference, ortd, bound, "ForwardBound").ThrowIfFailed($"{shape} {transform} batch {batch}: ONNX Runtime against double");

            var predicted = new double[batch * net.OutputSize];
            var y = new float[net.OutputSize];
            for (int s = 0; s < batch; s++)
            {
                net.Predict(ws, x.AsSpan(s * net.InputSize, net.InputSize), y);
                for (int i = 0; i < y.Length; i++) predicted[s * y.Length + i] = y[i];
            }
            Compare.WithinBound<double>(ortd, predicted, twice, "2·ForwardBound").ThrowIfFailed($"{shape} {transform} batch {batch}: Predict against ONNX Runtime");
        }
    }
}
