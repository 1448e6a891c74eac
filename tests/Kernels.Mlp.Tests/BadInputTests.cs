using System;
using System.Linq;
using CommunityToolkit.HighPerformance;
using Xunit;

namespace Kernels.Mlp.Tests;

/// <summary>Bad input gets a clear exception and leaves the model unchanged; NaN propagates in inference and is refused in training.</summary>
public class BadInputTests
{
    private static float[] Snapshot(Network<float> net) => net.Layers.SelectMany(l => l.W.Concat(l.B)).ToArray();

    private static (Network<float> Net, Trainer<float> Trainer) Make()
    {
        var net = new Network<float>([4, 3, 2], [Activation.Relu, Activation.Identity], seed: 1);
        return (net, new Trainer<float>(net, new SgdOptimizer<float>(0.1f), Loss.SoftmaxCrossEntropy, 5));
    }

    [Fact]
    public void Wrong_input_width_is_rejected()
    {
        var (net, trainer) = Make();
        float[] before = Snapshot(net);
        var e = Assert.Throws<ArgumentException>(() => trainer.Step(new float[2, 5], [0, 1]));
        Assert.Equal("inputs", e.ParamName);
        Assert.Contains("5", e.Message, StringComparison.Ordinal);
        Assert.Contains("4", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>("inputs", () => net.Forward(net.CreateWorkspace(5), new float[2, 3]));
        Assert.Throws<ArgumentException>("input", () => net.Predict(net.CreateWorkspace(1), new float[3], new float[2]));
        Assert.Equal(before, Snapshot(net));
    }

    [Fact]
    public void Batch_larger_than_the_maximum_is_rejected()
    {
        var (net, trainer) = Make();
        float[] before = Snapshot(net);
        var e = Assert.Throws<ArgumentException>(() => trainer.Step(new float[6, 4], new int[6]));
        Assert.Contains("1 to 5", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => net.Forward(net.CreateWorkspace(2), new float[3, 4]));
        Assert.Throws<ArgumentException>(() => trainer.Step(new float[0, 4], []));
        Assert.Equal(before, Snapshot(net));
    }

    [Fact]
    public void Label_out_of_range_is_rejected()
    {
        var (net, trainer) = Make();
        float[] before = Snapshot(net);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Step(new float[3, 4], [0, 2, 1]));
        Assert.Equal("labels", e.ParamName);
        Assert.StartsWith("The label at index 1 is 2, outside 0..1.", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Actual value", e.Message, StringComparison.Ordinal); // the value is said once
        Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Step(new float[1, 4], [-1]));
        Assert.Throws<ArgumentException>(() => trainer.Step(new float[3, 4], [0, 1]));
        Assert.Equal(before, Snapshot(net));
    }

    [Fact]
    public void Nan_in_input_propagates_in_inference_and_is_refused_in_training()
    {
        var (net, trainer) = Make();
        float[] before = Snapshot(net);
        var x = new float[2, 4];
        x[1, 2] = float.NaN;
        var outputs = net.Forward(net.CreateWorkspace(5), x);
        Assert.False(float.IsNaN(outputs[0, 0]) || float.IsNaN(outputs[0, 1]));
        Assert.True(float.IsNaN(outputs[1, 0]) || float.IsNaN(outputs[1, 1]) || AllReluDead(net), "a NaN input reaches the output");
        var e = Assert.Throws<ArgumentException>(() => trainer.Step(x, [0, 1]));
        Assert.Contains("row 1", e.Message, StringComparison.Ordinal);
        x[1, 2] = float.PositiveInfinity;
        Assert.Throws<ArgumentException>(() => trainer.Step(x, [0, 1]));
        Assert.Equal(before, Snapshot(net));

        var mse = new Trainer<float>(new Network<float>([4, 2], [Activation.Identity]), new SgdOptimizer<float>(0.1f), Loss.MeanSquaredError, 2);
        Assert.Throws<ArgumentException>("targets", () => mse.Step(new float[2, 4], new float[,] { { 0, float.NaN }, { 0, 0 } }));
    }

    // ReLU maps NaN to NaN (it keeps z unless z < 0, and NaN < 0 is false), so NaN always reaches the output here.
    private static bool AllReluDead(Network<float> net) => false;

    [Fact]
    public void Loss_and_output_activation_must_fit_and_workspaces_belong_to_their_network()
    {
        var net = new Network<float>([3, 2], [Activation.Relu]);
        Assert.Throws<ArgumentException>("loss", () => new Trainer<float>(net, new SgdOptimizer<float>(1), Loss.SoftmaxCrossEntropy, 1));
        Assert.Throws<ArgumentException>("loss", () => new Trainer<float>(net, new SgdOptimizer<float>(1), Loss.BinaryCrossEntropy, 1));
        var other = new Network<float>([3, 2], [Activation.Relu]);
        Assert.Throws<ArgumentException>("workspace", () => net.Forward(other.CreateWorkspace(1), new float[1, 3]));
        var optimizer = new AdamOptimizer<float>(0.1f);
        _ = new Trainer<float>(net, optimizer, Loss.MeanSquaredError, 1);
        Assert.Throws<InvalidOperationException>(() => new Trainer<float>(other, optimizer, Loss.MeanSquaredError, 1));
        Assert.Throws<ArgumentException>("sizes", () => new Network<float>([3], []));
        Assert.Throws<ArgumentException>("activations", () => new Network<float>([3, 2, 1], [Activation.Relu]));
        Assert.Throws<ArgumentOutOfRangeException>("learningRate", () => new SgdOptimizer<float>(0));
    }
}
