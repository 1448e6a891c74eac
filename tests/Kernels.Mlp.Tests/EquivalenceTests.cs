using System;
using System.Linq;
using System.Numerics;
using CommunityToolkit.HighPerformance;
using Kernels.Mlp.Reference;
using Kernels.Testing;
using Xunit;

namespace Kernels.Mlp.Tests;

/// <summary>The batched SIMD network against the independent per-neuron implementation on the same weights.</summary>
public class EquivalenceTests
{
    [Fact]
    public void Exactly_equal_on_dyadic_integer_networks_on_every_path()
    {
        // Integer weights, inputs and targets, identity/ReLU layers, MSE, batch 4: every intermediate value is a small
        // dyadic rational, so both implementations compute exactly and must agree bit for bit.
        foreach (Activation hidden in new[] { Activation.Identity, Activation.Relu })
        {
            int[] sizes = [5, 7, 6, 3];
            var net = new Network<float>(sizes, [hidden, hidden, Activation.Identity]);
            var rng = new Random(3);
            foreach (var layer in net.Layers)
            {
                for (int i = 0; i < layer.W.Length; i++) layer.W[i] = rng.Next(-2, 3);
                for (int i = 0; i < layer.B.Length; i++) layer.B[i] = rng.Next(-2, 3);
            }
            var x = new float[4, 5];
            var y = new float[4, 3];
            for (int i = 0; i < 4; i++) { for (int j = 0; j < 5; j++) x[i, j] = rng.Next(-3, 4); for (int j = 0; j < 3; j++) y[i, j] = rng.Next(-3, 4); }

            var reference = PerNeuronNetwork<float>.From(net);
            float refLoss = reference.LossAndGradients(Loss.MeanSquaredError, Fixtures.Rows(x), Fixtures.Rows(y), null);
            double[] expected = Fixtures.Gradients(reference);
            foreach (IsaPath path in Isa.SupportedPaths)
                using (Isa.Force(path))
                {
                    var trainer = new Trainer<float>(net, new SgdOptimizer<float>(1f), Loss.MeanSquaredError, 4);
                    float loss = trainer.ComputeGradients(x, y);
                    Assert.Equal(refLoss, loss);
                    Compare.Exact<double>(expected, Fixtures.Gradients(trainer)).ThrowIfFailed($"{hidden} path {path}");
                    var outputs = net.Forward(net.CreateWorkspace(4), x);
                    for (int s = 0; s < 4; s++)
                        Compare.Exact<float>(reference.Forward(Fixtures.Rows(x)[s]), outputs.GetRowSpan(s).ToArray()).ThrowIfFailed($"forward {hidden} {path}");
                }
        }
    }

    [Fact]
    public void Predict_is_bit_for_bit_the_forward_pass_on_a_batch_of_one_on_every_path()
    {
        // Predict runs each layer as one fused matrix–vector step (MatrixOps.AffineActivate); Forward runs a GEMM and a
        // bias-activation pass per layer. Same arithmetic, so the same bits, on every network shape and activation.
        foreach (Activation act in Enum.GetValues<Activation>())
            foreach (int[] sizes in new[] { new[] { 2, 8, 1 }, new[] { 6, 17, 9, 4 }, new[] { 100, 64, 10 } })
            {
                Activation[] acts = Enumerable.Repeat(act, sizes.Length - 1).ToArray();
                var net = new Network<double>(sizes, acts, seed: 5);
                foreach (var layer in net.Layers) TestData.FillUniform<double>(layer.Biases, 6, -0.5, 0.5);
                double[,] x = Fixtures.Matrix<double>(3, sizes[0], 7, -2, 2);
                foreach (IsaPath path in Isa.SupportedPaths)
                    using (Isa.Force(path))
                    {
                        var ws = net.CreateWorkspace(1);
                        var predicted = new double[sizes[^1]];
                        for (int s = 0; s < 3; s++)
                        {
                            net.Predict(ws, Fixtures.Rows(x)[s], predicted);
                            double[] forward = net.Forward(ws, new ReadOnlySpan2D<double>(x, s, 0, 1, sizes[0])).GetRowSpan(0).ToArray();
                            Compare.Exact<double>(forward, predicted).ThrowIfFailed($"[{string.Join(", ", sizes)}] {act} sample {s} path {path}");
                        }
                    }
            }
    }

    public static TheoryData<Activation, Loss> Cases => GradientCheckTests.Cases;

    [Theory, MemberData(nameof(Cases))]
    public void Within_the_gradient_bound_for_every_activation_and_loss(Activation hidden, Loss loss)
    {
        int outputs = loss == Loss.SoftmaxCrossEntropy ? 4 : 3, batch = 9;
        int[] sizes = [6, 8, 5, outputs];
        Activation[] acts = [hidden, hidden, Fixtures.OutputFor(loss, hidden)];
        var netF = new Network<float>(sizes, acts, seed: 21);
        foreach (var layer in netF.Layers) TestData.FillUniform<float>(layer.Biases, 4, -0.3, 0.3);
        float[,] x = Fixtures.Matrix<float>(batch, sizes[0], 22, -2, 2);
        float[,] y = Fixtures.Matrix<float>(batch, outputs, 23, 0, 1);
        int[] labels = Fixtures.Labels(batch, outputs, 24);

        // The per-neuron reference in double on the float network's weights is exact to far below float rounding.
        var reference = PerNeuronNetwork<double>.From(netF);
        double[][] xd = Fixtures.RowsAsDouble(x), yd = Fixtures.RowsAsDouble(y);
        reference.LossAndGradients(loss, xd, loss == Loss.SoftmaxCrossEntropy ? null : yd, loss == Loss.SoftmaxCrossEntropy ? labels : null);
        double[] expected = Fixtures.Gradients(reference);
        var (w, b) = GradientGauge.Parameters(netF);
        var (gauge, k) = GradientGauge.Compute(sizes, acts, w, b, xd, yd, loss);

        foreach (IsaPath path in Isa.SupportedPaths)
            using (Isa.Force(path))
            {
                var trainer = new Trainer<float>(netF, new SgdOptimizer<float>(1f), loss, batch);
                if (loss == Loss.SoftmaxCrossEntropy) trainer.ComputeGradients(x, labels); else trainer.ComputeGradients(x, y);
                double[] actual = Fixtures.Gradients(trainer);
                var bound = gauge.Select(g => ErrorBounds.Gamma<float>(k) * g).ToArray();
                Compare.WithinBound<double>(expected, actual, bound, $"γ_K(float)·G, K = {k}").ThrowIfFailed($"float {hidden}/{loss} path {path}");
            }

        // And double against double, where the bound is γ_K(double)·G on each side.
        var netD = new Network<double>(sizes, acts, seed: 21);
        for (int h = 0; h < sizes.Length - 1; h++)
        {
            for (int i = 0; i < netF.Layers[h].W.Length; i++) netD.Layers[h].W[i] = netF.Layers[h].W[i];
            for (int i = 0; i < netF.Layers[h].B.Length; i++) netD.Layers[h].B[i] = netF.Layers[h].B[i];
        }
        var trainerD = new Trainer<double>(netD, new SgdOptimizer<double>(1), loss, batch);
        var xdd = new double[batch, sizes[0]];
        var ydd = new double[batch, outputs];
        for (int i = 0; i < batch; i++) { for (int j = 0; j < sizes[0]; j++) xdd[i, j] = x[i, j]; for (int j = 0; j < outputs; j++) ydd[i, j] = y[i, j]; }
        if (loss == Loss.SoftmaxCrossEntropy) trainerD.ComputeGradients(xdd, labels); else trainerD.ComputeGradients(xdd, ydd);
        var boundD = gauge.Select(g => 2 * ErrorBounds.Gamma<double>(k) * g).ToArray();
        Compare.WithinBound<double>(expected, Fixtures.Gradients(trainerD), boundD, $"2·γ_K(double)·G, K = {k}").ThrowIfFailed($"double {hidden}/{loss}");
    }
}
