using System;
using System.Linq;
using CommunityToolkit.HighPerformance;
using Kernels.Testing;
using Xunit;

namespace Kernels.Mlp.Tests;

/// <summary>
/// The worked examples of the textbook derivations, with their closed-form gradients written out by the chain rule.
/// Each closed form is a handful of rounded products, sums and exponentials; each comparison allows γ_32·G (G the same
/// expression with every factor in absolute value), far more than those few roundings can produce.
/// </summary>
public class WorkedExampleTests
{
    private static double S(double z) => 1 / (1 + Math.Exp(-z));
    private static double Sp(double z) => S(z) * (1 - S(z));
    private static double Bound(double gauge) => ErrorBounds.Gamma<double>(32) * gauge;

    private static void Near(double expected, double actual, double gauge, string what) =>
        Assert.True(Math.Abs(expected - actual) <= Bound(gauge), $"{what}: closed form {expected:R}, back-propagation {actual:R}");

    [Fact]
    public void One_one_one_network_with_bias_as_a_constant_input_and_cost_f_minus_y()
    {
        // Input (x, 1): the weight on the constant 1 is the bias. J = f(x) − y, so ∂J/∂f = 1.
        double x = 0.7, w1 = 0.4, w10 = -0.3, w2 = -1.2, w20 = 0.25;
        var net = new Network<double>([2, 1, 1], [Activation.Sigmoid, Activation.Sigmoid]);
        net.Layers[0].Weights[0, 0] = w1; net.Layers[0].Weights[0, 1] = w10; net.Layers[0].Biases[0] = 0;
        net.Layers[1].Weights[0, 0] = w2; net.Layers[1].Biases[0] = w20;
        var trainer = new Trainer<double>(net, new SgdOptimizer<double>(1), Loss.MeanSquaredError, 1);
        trainer.ComputeGradientsFromOutputGradient(new double[,] { { x, 1 } }, new double[,] { { 1 } });

        double z1 = w1 * x + w10, a1 = S(z1), z2 = w2 * a1 + w20;
        Near(Sp(z2) * a1, trainer.WeightGradient(1)[0, 0], Sp(z2) * a1, "∂J/∂w2");
        Near(Sp(z2), trainer.BiasGradient(1)[0], Sp(z2), "∂J/∂w20");
        Near(Sp(z2) * w2 * Sp(z1) * x, trainer.WeightGradient(0)[0, 0], Math.Abs(Sp(z2) * w2 * Sp(z1) * x), "∂J/∂w1");
        Near(Sp(z2) * w2 * Sp(z1), trainer.WeightGradient(0)[0, 1], Math.Abs(Sp(z2) * w2 * Sp(z1)), "∂J/∂w10 (bias folded in)");
    }

    [Fact]
    public void One_two_one_network_with_bias_as_a_constant_input()
    {
        double x = -0.9;
        double[] w1 = [0.5, -0.8], w10 = [0.1, 0.3], w2 = [1.1, -0.6];
        double w20 = -0.2;
        var net = new Network<double>([2, 2, 1], [Activation.Sigmoid, Activation.Sigmoid]);
        for (int k = 0; k < 2; k++) { net.Layers[0].Weights[k, 0] = w1[k]; net.Layers[0].Weights[k, 1] = w10[k]; net.Layers[1].Weights[0, k] = w2[k]; }
        net.Layers[1].Biases[0] = w20;
        var trainer = new Trainer<double>(net, new SgdOptimizer<double>(1), Loss.MeanSquaredError, 1);
        trainer.ComputeGradientsFromOutputGradient(new double[,] { { x, 1 } }, new double[,] { { 1 } });

        double[] z1 = [w1[0] * x + w10[0], w1[1] * x + w10[1]];
        double z2 = w2[0] * S(z1[0]) + w2[1] * S(z1[1]) + w20;
        for (int k = 0; k < 2; k++)
        {
            Near(Sp(z2) * S(z1[k]), trainer.WeightGradient(1)[0, k], Sp(z2) * S(z1[k]), $"∂J/∂w2[{k}]");
            double common = Sp(z2) * w2[k] * Sp(z1[k]);
            Near(common * x, trainer.WeightGradient(0)[k, 0], Math.Abs(common * x), $"∂J/∂w1[{k}]");
            Near(common, trainer.WeightGradient(0)[k, 1], Math.Abs(common), $"∂J/∂w10[{k}]");
        }
        Near(Sp(z2), trainer.BiasGradient(1)[0], Sp(z2), "∂J/∂w20");
    }

    [Fact]
    public void Chain_of_three_neurons_with_biases_and_squared_error()
    {
        // x → n1 → n2 → n3, each σ(w·a + b); J = ½(a3 − y)².
        double x = 0.3, y = 0.9;
        double[] w = [0.7, -1.3, 0.9], b = [0.2, -0.1, 0.4];
        var net = new Network<double>([1, 1, 1, 1], [Activation.Sigmoid, Activation.Sigmoid, Activation.Sigmoid]);
        for (int h = 0; h < 3; h++) { net.Layers[h].Weights[0, 0] = w[h]; net.Layers[h].Biases[0] = b[h]; }
        var trainer = new Trainer<double>(net, new SgdOptimizer<double>(1), Loss.MeanSquaredError, 1);
        double loss = trainer.ComputeGradients(new double[,] { { x } }, new double[,] { { y } });

        double z1 = w[0] * x + b[0], a1 = S(z1), z2 = w[1] * a1 + b[1], a2 = S(z2), z3 = w[2] * a2 + b[2], a3 = S(z3);
        Near(0.5 * (a3 - y) * (a3 - y), loss, (a3 - y) * (a3 - y), "J");
        double d3 = (a3 - y) * Sp(z3), d2 = d3 * w[2] * Sp(z2), d1 = d2 * w[1] * Sp(z1);
        Near(d3 * a2, trainer.WeightGradient(2)[0, 0], Math.Abs(d3 * a2), "∂J/∂w3");
        Near(d3, trainer.BiasGradient(2)[0], Math.Abs(d3), "∂J/∂b3");
        Near(d2 * a1, trainer.WeightGradient(1)[0, 0], Math.Abs(d2 * a1), "∂J/∂w2");
        Near(d2, trainer.BiasGradient(1)[0], Math.Abs(d2), "∂J/∂b2");
        Near(d1 * x, trainer.WeightGradient(0)[0, 0], Math.Abs(d1 * x), "∂J/∂w1");
        Near(d1, trainer.BiasGradient(0)[0], Math.Abs(d1), "∂J/∂b1");
    }

    [Fact]
    public void Two_input_network_with_two_hidden_layers_every_partial_derivative()
    {
        // Sizes [2, 2, 2, 1], tanh hidden layers, identity output, J = ½(f − y)². Partial derivatives written out neuron by neuron.
        double[] x = [0.6, -0.4];
        double y = 0.3;
        double[,] W1 = { { 0.2, -0.5 }, { 0.7, 0.1 } }, W2 = { { -0.3, 0.8 }, { 0.4, 0.6 } };
        double[] b1 = [0.05, -0.1], b2 = [0.2, -0.3], W3 = [0.9, -0.7];
        double b3 = 0.1;
        var net = new Network<double>([2, 2, 2, 1], [Activation.Tanh, Activation.Tanh, Activation.Identity]);
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 2; j++) { net.Layers[0].Weights[i, j] = W1[i, j]; net.Layers[1].Weights[i, j] = W2[i, j]; }
            net.Layers[0].Biases[i] = b1[i]; net.Layers[1].Biases[i] = b2[i]; net.Layers[2].Weights[0, i] = W3[i];
        }
        net.Layers[2].Biases[0] = b3;
        var trainer = new Trainer<double>(net, new SgdOptimizer<double>(1), Loss.MeanSquaredError, 1);
        trainer.ComputeGradients(new double[,] { { x[0], x[1] } }, new double[,] { { y } });

        double u0 = W1[0, 0] * x[0] + W1[0, 1] * x[1] + b1[0], u1 = W1[1, 0] * x[0] + W1[1, 1] * x[1] + b1[1];
        double p0 = Math.Tanh(u0), p1 = Math.Tanh(u1);
        double v0 = W2[0, 0] * p0 + W2[0, 1] * p1 + b2[0], v1 = W2[1, 0] * p0 + W2[1, 1] * p1 + b2[1];
        double q0 = Math.Tanh(v0), q1 = Math.Tanh(v1);
        double f = W3[0] * q0 + W3[1] * q1 + b3, e = f - y;
        // G, the gauge of each bound, is the same expression with every term in absolute value: e = f − y cancels
        // (|e| is far below |f| + |y| here), so its gauge is |W3[0]·q0| + |W3[1]·q1| + |b3| + |y|, not |e|; a vector tanh a
        // few ulp from Math.Tanh moves e by that much, and the gradients with it.
        double eg = Math.Abs(W3[0] * q0) + Math.Abs(W3[1] * q1) + Math.Abs(b3) + Math.Abs(y);
        // ∂J/∂W3[k] = e·q_k; ∂J/∂b3 = e.
        Near(e * q0, trainer.WeightGradient(2)[0, 0], eg * Math.Abs(q0), "∂J/∂W3[0]");
        Near(e * q1, trainer.WeightGradient(2)[0, 1], eg * Math.Abs(q1), "∂J/∂W3[1]");
        Near(e, trainer.BiasGradient(2)[0], eg, "∂J/∂b3");
        // ∂J/∂v_i = e·W3[i]·(1 − q_i²); ∂J/∂W2[i, j] = ∂J/∂v_i·p_j.
        double dv0 = e * W3[0] * (1 - q0 * q0), dv1 = e * W3[1] * (1 - q1 * q1);
        double[] dv = [dv0, dv1], p = [p0, p1];
        double[] dvg = [eg * Math.Abs(W3[0]) * (1 + q0 * q0), eg * Math.Abs(W3[1]) * (1 + q1 * q1)];
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 2; j++) Near(dv[i] * p[j], trainer.WeightGradient(1)[i, j], dvg[i] * Math.Abs(p[j]), $"∂J/∂W2[{i},{j}]");
            Near(dv[i], trainer.BiasGradient(1)[i], dvg[i], $"∂J/∂b2[{i}]");
        }
        // ∂J/∂u_j = (Σ_i ∂J/∂v_i·W2[i, j])·(1 − p_j²); ∂J/∂W1[j, k] = ∂J/∂u_j·x_k.
        for (int j = 0; j < 2; j++)
        {
            double s = dv0 * W2[0, j] + dv1 * W2[1, j], sg = dvg[0] * Math.Abs(W2[0, j]) + dvg[1] * Math.Abs(W2[1, j]);
            double du = s * (1 - p[j] * p[j]), dug = sg * (1 + p[j] * p[j]);
            for (int k = 0; k < 2; k++) Near(du * x[k], trainer.WeightGradient(0)[j, k], dug * Math.Abs(x[k]), $"∂J/∂W1[{j},{k}]");
            Near(du, trainer.BiasGradient(0)[j], dug, $"∂J/∂b1[{j}]");
        }
    }

    [Fact]
    public void Four_layer_sigmoid_network_with_log_loss_on_a_batch_has_output_delta_a_minus_y()
    {
        int batch = 5;
        var net = new Network<double>([3, 4, 4, 3, 2], [Activation.Sigmoid, Activation.Sigmoid, Activation.Sigmoid, Activation.Sigmoid], seed: 9);
        double[,] x = Fixtures.Matrix<double>(batch, 3, 1, -2, 2);
        double[,] y = Fixtures.Matrix<double>(batch, 2, 2, 0, 1);
        var bce = new Trainer<double>(net, new SgdOptimizer<double>(1), Loss.BinaryCrossEntropy, batch);
        bce.ComputeGradients(x, y);
        var a = net.Forward(net.CreateWorkspace(batch), x);

        // δ at the output is (a − y)/B, so the output bias gradient is Σ_batch (a − y)/B ...
        for (int j = 0; j < 2; j++)
        {
            double s = 0, g = 0;
            for (int i = 0; i < batch; i++) { s += (a[i, j] - y[i, j]) / batch; g += Math.Abs(a[i, j] - y[i, j]) / batch; }
            Near(s, bce.BiasGradient(3)[j], g, $"∂J/∂b_out[{j}]");
        }

        // ... and the whole gradient equals the general rule fed with ∂J/∂a = (a − y)/(a(1 − a))/B through σ'.
        var general = new Trainer<double>(net, new SgdOptimizer<double>(1), Loss.MeanSquaredError, batch);
        var dJda = new double[batch, 2];
        for (int i = 0; i < batch; i++)
            for (int j = 0; j < 2; j++) dJda[i, j] = (a[i, j] - y[i, j]) / (a[i, j] * (1 - a[i, j])) / batch;
        general.ComputeGradientsFromOutputGradient(x, dJda);
        double[] simplified = Fixtures.Gradients(bce), full = Fixtures.Gradients(general);
        var (w, bb) = GradientGauge.Parameters(net);
        var (gauge, k) = GradientGauge.Compute([3, 4, 4, 3, 2], [Activation.Sigmoid, Activation.Sigmoid, Activation.Sigmoid, Activation.Sigmoid], w, bb,
            Fixtures.RowsAsDouble(x), Fixtures.RowsAsDouble(y), Loss.BinaryCrossEntropy);
        Compare.WithinBound<double>(full, simplified, gauge.Select(g => 2 * ErrorBounds.Gamma<double>(k + 8) * g).ToArray()).ThrowIfFailed("δ = a − y");
    }
}
