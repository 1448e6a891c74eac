using System;
using System.Linq;
using CommunityToolkit.HighPerformance;
using Kernels.Testing;
using Xunit;

namespace Kernels.Mlp.Tests;

/// <summary>Training converges, masks hold, and the optimizers do what they say.</summary>
public class TrainingTests
{
    [Fact]
    public void Xor_is_learned_to_near_zero_loss()
    {
        var net = new Network<float>([2, 4, 1], [Activation.Tanh, Activation.Sigmoid], seed: 1);
        var trainer = new Trainer<float>(net, new AdamOptimizer<float>(0.05f), Loss.BinaryCrossEntropy, 4);
        float[,] x = { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } };
        float[,] y = { { 0 }, { 1 }, { 1 }, { 0 } };
        float loss = float.NaN;
        for (int step = 0; step < 1500; step++) loss = trainer.Step(x, y);
        Assert.True(loss < 0.01f, $"XOR loss after 1500 Adam steps: {loss}");
        var outputs = net.Forward(net.CreateWorkspace(4), x);
        for (int i = 0; i < 4; i++) Assert.Equal(y[i, 0], MathF.Round(outputs[i, 0]));
    }

    [Fact]
    public void Sine_on_minus_pi_to_pi_is_fitted_by_a_small_network()
    {
        var net = new Network<float>([1, 16, 16, 1], [Activation.Tanh, Activation.Tanh, Activation.Identity], seed: 2);
        var trainer = new Trainer<float>(net, new AdamOptimizer<float>(0.01f), Loss.MeanSquaredError, 64);
        var x = new float[64, 1];
        var y = new float[64, 1];
        for (int i = 0; i < 64; i++) { x[i, 0] = -MathF.PI + 2 * MathF.PI * i / 63; y[i, 0] = MathF.Sin(x[i, 0]); }
        float loss = float.NaN;
        for (int step = 0; step < 2000; step++) loss = trainer.Step(x, y);
        Assert.True(loss < 5e-4f, $"sin(x) MSE after 2000 Adam steps: {loss}"); // ½·mean squared error: rms error below 0.03
    }

    [Fact]
    public void Momentum_sgd_and_plain_sgd_also_learn_xor()
    {
        foreach (Optimizer<double> optimizer in new Optimizer<double>[] { new SgdOptimizer<double>(0.5), new MomentumOptimizer<double>(0.2, 0.9) })
        {
            var net = new Network<double>([2, 8, 1], [Activation.Tanh, Activation.Sigmoid], seed: 3);
            var trainer = new Trainer<double>(net, optimizer, Loss.BinaryCrossEntropy, 4);
            double[,] x = { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } };
            double[,] y = { { 0 }, { 1 }, { 1 }, { 0 } };
            double loss = double.NaN;
            for (int step = 0; step < 3000; step++) loss = trainer.Step(x, y);
            Assert.True(loss < 0.05, $"{optimizer.GetType().Name}: XOR loss {loss}");
        }
    }

    [Fact]
    public void Fused_sgd_step_equals_gradients_then_update()
    {
        // Plain SGD folds the update into the gradient GEMM; the result must match computing ∇W then w −= η∇W,
        // within the rounding of the one extra product (the GEMM rounds η·Σ once, the two-step form rounds Σ then η·g).
        var a = new Network<double>([5, 6, 3], [Activation.Relu, Activation.Identity], seed: 4);
        var b = new Network<double>([5, 6, 3], [Activation.Relu, Activation.Identity], seed: 4);
        double[,] x = Fixtures.Matrix<double>(7, 5, 5);
        int[] labels = Fixtures.Labels(7, 3, 6);
        var fused = new Trainer<double>(a, new SgdOptimizer<double>(0.3), Loss.SoftmaxCrossEntropy, 7);
        var twoStep = new Trainer<double>(b, new SgdOptimizer<double>(0.3), Loss.SoftmaxCrossEntropy, 7);
        fused.Step(x, labels);
        twoStep.ComputeGradients(x, labels);
        var gradients = Fixtures.Gradients(twoStep);
        twoStep.ApplyGradients();
        var wa = a.Layers.SelectMany(l => l.W.Concat(l.B)).ToArray();
        var wb = b.Layers.SelectMany(l => l.W.Concat(l.B)).ToArray();
        var bound = gradients.Select((g, i) => 4 * Ulp.Size(wb[i]) + ErrorBounds.Gamma<double>(16) * 0.3 * (Math.Abs(g) + 1)).ToArray();
        Compare.WithinBound<double>(wb, wa, bound).ThrowIfFailed("fused vs two-step SGD");
    }

    [Fact]
    public void Masked_weights_stay_exactly_zero_under_every_optimizer()
    {
        foreach (Optimizer<float> optimizer in new Optimizer<float>[] { new SgdOptimizer<float>(0.1f), new MomentumOptimizer<float>(0.1f, 0.9f), new AdamOptimizer<float>(0.01f) })
        {
            var net = new Network<float>([6, 5, 2], [Activation.Sigmoid, Activation.Identity], seed: 7);
            var connected = new bool[5, 6];
            for (int i = 0; i < 5; i++) for (int j = 0; j < 6; j++) connected[i, j] = (i + j) % 3 != 0;
            net.Layers[0].SetMask(connected);
            var trainer = new Trainer<float>(net, optimizer, Loss.SoftmaxCrossEntropy, 8);
            float[,] x = Fixtures.Matrix<float>(8, 6, 8);
            int[] labels = Fixtures.Labels(8, 2, 9);
            for (int step = 0; step < 20; step++) trainer.Step(x, labels);
            for (int i = 0; i < 5; i++)
                for (int j = 0; j < 6; j++)
                    if (!connected[i, j]) Assert.Equal(0f, net.Layers[0].Weights[i, j]);
                    else Assert.NotEqual(0f, net.Layers[0].Weights[i, j]);
        }
    }

    [Fact]
    public void Bias_as_an_extra_constant_input_gives_the_same_gradients_as_separate_biases()
    {
        // Network A: [3 → 4 → 2] with first-layer biases. Network B: [4 → 4 → 2], input padded with a constant 1 whose
        // weights are A's first-layer biases, B's own first-layer biases zero.
        var a = new Network<double>([3, 4, 2], [Activation.Tanh, Activation.Identity], seed: 10);
        TestData.FillUniform<double>(a.Layers[0].Biases, 11, -0.5, 0.5);
        var b = new Network<double>([4, 4, 2], [Activation.Tanh, Activation.Identity], seed: 12);
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 3; j++) b.Layers[0].Weights[i, j] = a.Layers[0].Weights[i, j];
            b.Layers[0].Weights[i, 3] = a.Layers[0].Biases[i];
            b.Layers[0].Biases[i] = 0;
        }
        a.Layers[1].Weights.CopyTo(b.Layers[1].Weights);
        a.Layers[1].Biases.CopyTo(b.Layers[1].Biases);

        double[,] x = Fixtures.Matrix<double>(6, 3, 13);
        var xb = new double[6, 4];
        for (int i = 0; i < 6; i++) { for (int j = 0; j < 3; j++) xb[i, j] = x[i, j]; xb[i, 3] = 1; }
        double[,] y = Fixtures.Matrix<double>(6, 2, 14);
        var ta = new Trainer<double>(a, new SgdOptimizer<double>(1), Loss.MeanSquaredError, 6);
        var tb = new Trainer<double>(b, new SgdOptimizer<double>(1), Loss.MeanSquaredError, 6);
        ta.ComputeGradients(x, y);
        tb.ComputeGradients(xb, y);

        var (w, bb) = GradientGauge.Parameters(b);
        var (gauge, k) = GradientGauge.Compute([4, 4, 2], [Activation.Tanh, Activation.Identity], w, bb, Fixtures.RowsAsDouble(xb), Fixtures.RowsAsDouble(y), Loss.MeanSquaredError);
        double gamma = 2 * ErrorBounds.Gamma<double>(k);
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 3; j++)
                Assert.True(Math.Abs(ta.WeightGradient(0)[i, j] - tb.WeightGradient(0)[i, j]) <= gamma * gauge[i * 4 + j], $"∂J/∂W[{i},{j}]");
            Assert.True(Math.Abs(ta.BiasGradient(0)[i] - tb.WeightGradient(0)[i, 3]) <= gamma * gauge[i * 4 + 3], $"∂J/∂b[{i}] vs the constant input's weight");
        }
    }
}
