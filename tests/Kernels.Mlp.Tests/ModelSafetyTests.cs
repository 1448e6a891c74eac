using System;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Runtime.InteropServices;
using CommunityToolkit.HighPerformance;
using Xunit;

namespace Kernels.Mlp.Tests;

/// <summary>
/// A model is never poisoned: optimizer settings are range-checked wherever they can be set, a step whose loss or
/// gradients are not finite is refused with everything left as it was (so the next good step is the one a twin that
/// never saw the bad batch takes), and a weights file with NaN or ∞ values does not load unless asked to.
/// </summary>
public class ModelSafetyTests
{
    // --- hyper-parameters ------------------------------------------------------------------------------------------------

    private static readonly double[] NotPositive = [0, -0.0, -1e-3, double.NaN, double.PositiveInfinity, double.NegativeInfinity];
    private static readonly double[] NotDecay = [-1e-3, 1, 1.5, double.NaN, double.PositiveInfinity, double.NegativeInfinity];

    [Fact]
    public void Learning_rates_are_checked_in_constructors_and_setters_float() => LearningRates<float>();

    [Fact]
    public void Learning_rates_are_checked_in_constructors_and_setters_double() => LearningRates<double>();

    private static void LearningRates<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        T good = T.CreateChecked(0.01);
        Func<T, Optimizer<T>>[] makers =
        [
            r => new SgdOptimizer<T>(r),
            r => new MomentumOptimizer<T>(r, T.CreateChecked(0.9)),
            r => new AdamOptimizer<T>(r),
            r => new AdamOptimizer<T>(r, T.CreateChecked(0.9), T.CreateChecked(0.999), T.CreateChecked(1e-8)),
        ];
        foreach (var make in makers)
        {
            Optimizer<T> optimizer = make(good);
            foreach (double v in NotPositive)
            {
                T bad = T.CreateSaturating(v);
                var e = Assert.Throws<ArgumentOutOfRangeException>(() => make(bad));
                Assert.Equal("learningRate", e.ParamName);
                Assert.Equal(bad, (T)e.ActualValue!);
                e = Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.LearningRate = bad);
                Assert.Equal(nameof(Optimizer<T>.LearningRate), e.ParamName);
                Assert.Contains("positive and finite", e.Message, StringComparison.Ordinal);
                Assert.Equal(good, optimizer.LearningRate); // unchanged
            }
            optimizer.LearningRate = T.CreateChecked(0.5);
            Assert.Equal(T.CreateChecked(0.5), optimizer.LearningRate);
        }
    }

    [Fact]
    public void Momentum_betas_and_epsilon_are_checked_in_constructors_and_setters_float() => DecaysAndEpsilon<float>();

    [Fact]
    public void Momentum_betas_and_epsilon_are_checked_in_constructors_and_setters_double() => DecaysAndEpsilon<double>();

    private static void DecaysAndEpsilon<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        T rate = T.CreateChecked(0.1), half = T.CreateChecked(0.5), b1 = T.CreateChecked(0.9), b2 = T.CreateChecked(0.999), eps = T.CreateChecked(1e-8);
        foreach (double d in NotDecay)
        {
            T v = T.CreateSaturating(d);
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MomentumOptimizer<T>(rate, v));
            Assert.Equal("momentum", e.ParamName);
            var m = new MomentumOptimizer<T>(rate, half);
            e = Assert.Throws<ArgumentOutOfRangeException>(() => m.Momentum = v);
            Assert.Equal("Momentum", e.ParamName);
            Assert.Equal(half, m.Momentum);

            Assert.Equal("beta1", Assert.Throws<ArgumentOutOfRangeException>(() => new AdamOptimizer<T>(rate, v, b2, eps)).ParamName);
            Assert.Equal("beta2", Assert.Throws<ArgumentOutOfRangeException>(() => new AdamOptimizer<T>(rate, b1, v, eps)).ParamName);
            var adam = new AdamOptimizer<T>(rate);
            Assert.Equal("Beta1", Assert.Throws<ArgumentOutOfRangeException>(() => adam.Beta1 = v).ParamName);
            Assert.Equal("Beta2", Assert.Throws<ArgumentOutOfRangeException>(() => adam.Beta2 = v).ParamName);
            Assert.Equal((b1, b2), (adam.Beta1, adam.Beta2));
        }
        foreach (double d in NotPositive)
        {
            T v = T.CreateSaturating(d);
            Assert.Equal("epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => new AdamOptimizer<T>(rate, b1, b2, v)).ParamName);
            var adam = new AdamOptimizer<T>(rate);
            Assert.Equal("Epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => adam.Epsilon = v).ParamName);
            Assert.Equal(eps, adam.Epsilon);
        }
        var ok = new AdamOptimizer<T>(rate) { Beta1 = T.Zero, Beta2 = half, Epsilon = T.CreateChecked(1e-6) };
        Assert.Equal((T.Zero, half, T.CreateChecked(1e-6)), (ok.Beta1, ok.Beta2, ok.Epsilon));
        Assert.Equal(b1, new MomentumOptimizer<T>(rate, T.Zero) { Momentum = b1 }.Momentum);
    }

    // --- non-finite steps ------------------------------------------------------------------------------------------------

    /// <summary>Every optimizer: SGD (its update fused into the gradient GEMM), momentum and Adam.</summary>
    public static TheoryData<string> Optimizers => new() { "sgd", "momentum", "adam" };

    private static Optimizer<T> MakeOptimizer<T>(string name) where T : unmanaged, IFloatingPointIeee754<T> => name switch
    {
        "sgd" => new SgdOptimizer<T>(T.CreateChecked(0.05)),
        "momentum" => new MomentumOptimizer<T>(T.CreateChecked(0.05), T.CreateChecked(0.9)),
        _ => new AdamOptimizer<T>(T.CreateChecked(0.01)),
    };

    /// <summary>The network: ReLU [5, 7, 4] with MSE, plus a mask on the first layer.</summary>
    private static Trainer<T> Make<T>(string optimizer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var net = new Network<T>([5, 7, 4], [Activation.Relu, Activation.Relu], seed: 11);
        var connected = new bool[7, 5];
        for (int i = 0; i < 7; i++)
            for (int j = 0; j < 5; j++)
                connected[i, j] = (i * 5 + j) % 4 != 0;
        net.Layers[0].SetMask(connected);
        return new Trainer<T>(net, MakeOptimizer<T>(optimizer), Loss.MeanSquaredError, maxBatchSize: 8);
    }

    /// <summary>Everything a step may change, as raw bytes: parameters, masks, and the optimizer's state.</summary>
    private static byte[] State<T>(Trainer<T> trainer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var bytes = new System.Collections.Generic.List<byte>();
        foreach (var layer in trainer.Network.Layers)
        {
            bytes.AddRange(MemoryMarshal.AsBytes(layer.W.AsSpan()).ToArray());
            bytes.AddRange(MemoryMarshal.AsBytes(layer.B.AsSpan()).ToArray());
            if (layer.MaskValues is { } mask)
                bytes.AddRange(MemoryMarshal.AsBytes(mask.AsSpan()).ToArray());
        }
        bytes.AddRange(BitConverter.GetBytes(trainer.Optimizer.Steps));
        // The optimizers' moment and velocity arrays are private: reach them the way a debugger would.
        foreach (var field in trainer.Optimizer.GetType().GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic))
            if (field.GetValue(trainer.Optimizer) is T[][] arrays)
                foreach (T[] a in arrays)
                    bytes.AddRange(MemoryMarshal.AsBytes(a.AsSpan()).ToArray());
        return [.. bytes];
    }

    private static T[,] Batch<T>(ulong seed, int rows, int cols) where T : unmanaged, IFloatingPointIeee754<T> =>
        Fixtures.Matrix<T>(rows, cols, seed);

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void A_huge_finite_input_is_refused_and_changes_nothing_float(string optimizer) => HugeInput<float>(optimizer, 1e30);

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void A_huge_finite_input_is_refused_and_changes_nothing_double(string optimizer) => HugeInput<double>(optimizer, 1e200);

    private static void HugeInput<T>(string optimizer, double huge) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Trainer<T> trainer = Make<T>(optimizer), twin = Make<T>(optimizer);
        T[,] good1 = Batch<T>(1, 8, 5), targets = Batch<T>(2, 8, 4), good2 = Batch<T>(3, 8, 5);
        trainer.Step(good1, targets);
        twin.Step(good1, targets);

        T[,] bad = Batch<T>(4, 8, 5);
        bad[3, 2] = T.CreateChecked(huge);
        byte[] before = State(trainer);
        var e = Assert.Throws<NonFiniteGradientException>(() => trainer.Step(bad, targets));
        Assert.Contains("not applied", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, State(trainer));

        // The next good step is the twin's, bit for bit (Adam's step count and moments included).
        trainer.Step(good2, targets);
        twin.Step(good2, targets);
        Assert.Equal(State(twin), State(trainer));
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void A_finite_loss_with_an_infinite_gradient_is_refused_naming_the_layer(string optimizer)
    {
        // Sigmoid output and log-loss: the loss is clamped (finite) even when the hidden unit overflows to +∞, but
        // ∇W of the output layer is δ·∞. Layer 0's gradient is finite: the exception must name layer 1.
        static Trainer<float> Make(string optimizer)
        {
            var net = new Network<float>([1, 1, 1], [Activation.Relu, Activation.Sigmoid]);
            net.Layers[0].Weights[0, 0] = 2;
            net.Layers[1].Weights[0, 0] = 1;
            return new Trainer<float>(net, MakeOptimizer<float>(optimizer), Loss.BinaryCrossEntropy, 2);
        }
        Trainer<float> trainer = Make(optimizer), twin = Make(optimizer);
        float[,] targets = { { 0 }, { 1 } };
        byte[] before = State(trainer);
        var e = Assert.Throws<NonFiniteGradientException>(() => trainer.Step(new float[,] { { 3e38f }, { 0.5f } }, targets));
        Assert.Equal(1, e.Layer);
        Assert.Contains("Layer 1", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, State(trainer));
        trainer.Step(new float[,] { { 1 }, { -1 } }, targets);
        twin.Step(new float[,] { { 1 }, { -1 } }, targets);
        Assert.Equal(State(twin), State(trainer));
    }

    [Fact]
    public void A_non_finite_loss_is_refused_with_layer_minus_one()
    {
        var trainer = Make<float>("adam");
        var bad = Batch<float>(4, 8, 5);
        bad[0, 0] = 1e30f; // the outputs are about 1e30: their squares overflow
        var e = Assert.Throws<NonFiniteGradientException>(() => trainer.Step(bad, Batch<float>(2, 8, 4)));
        Assert.Equal(-1, e.Layer);
        Assert.Contains("loss", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Large_gradients_that_stay_finite_are_applied(string optimizer)
    {
        // The largest δ and the largest input belong to different samples: the cheap bound B·max|δ|·max|x| = 3e38
        // exceeds half the float range, so the gradient is scanned; it is 7.5e18, finite, and the step goes ahead.
        static Trainer<float> Make(string optimizer)
        {
            var net = new Network<float>([1, 1], [Activation.Identity]);
            net.Layers[0].Weights[0, 0] = 1;
            return new Trainer<float>(net, MakeOptimizer<float>(optimizer), Loss.MeanSquaredError, 2);
        }
        Trainer<float> trainer = Make(optimizer), reference = Make(optimizer);
        float[,] x = { { 2e19f }, { 1 } }, y = { { 2e19f }, { -1.5e19f } };
        trainer.Step(x, y);
        float w = trainer.Network.Layers[0].Weights[0, 0];
        Assert.True(float.IsFinite(w) && w != 1, $"weight after the step: {w}");

        // The same step through the two-call API (gradients, then update) gives the same weight, up to the fused
        // GEMM's single rounding of η·Σ for SGD.
        reference.ComputeGradients(x, y);
        reference.ApplyGradients();
        float expected = reference.Network.Layers[0].Weights[0, 0];
        Assert.True(MathF.Abs(w - expected) <= 2 * float.Epsilon + 4e-7f * MathF.Abs(expected), $"{w} vs {expected}");
    }

    [Fact]
    public void ApplyGradients_refuses_non_finite_gradients()
    {
        var trainer = Make<double>("momentum");
        var bad = Batch<double>(4, 8, 5);
        bad[1, 1] = 1e200;
        trainer.ComputeGradients(bad, Batch<double>(2, 8, 4)); // computing is allowed: the gradients can be inspected
        byte[] before = State(trainer);
        Assert.Throws<NonFiniteGradientException>(trainer.ApplyGradients);
        Assert.Equal(before, State(trainer));
    }

    // --- loading -----------------------------------------------------------------------------------------------------------

    [Fact]
    public void A_file_with_a_nan_or_infinite_weight_does_not_load_unless_allowed_float() => NonFiniteFile<float>();

    [Fact]
    public void A_file_with_a_nan_or_infinite_weight_does_not_load_unless_allowed_double() => NonFiniteFile<double>();

    private static void NonFiniteFile<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        foreach (var (layer, row, col, bias, value) in new[] { (0, 2, 1, false, T.NaN), (1, 0, 3, false, T.NegativeInfinity), (1, 1, 0, true, T.PositiveInfinity) })
        {
            var net = new Network<T>([3, 4, 2], [Activation.Tanh, Activation.Identity], seed: 5);
            if (bias) net.Layers[layer].Biases[row] = value;
            else net.Layers[layer].Weights[row, col] = value;
            using var file = new MemoryStream();
            net.Save(file); // a valid checksum: the bytes are what was written

            var e = Assert.Throws<WeightsFormatException>(() => Network<T>.Load(new MemoryStream(file.ToArray())));
            string where = bias ? $"Layer {layer} bias {row}" : $"Layer {layer} weight {row * net.Layers[layer].InputSize + col} (row {row}, column {col})";
            Assert.Contains(where, e.Message, StringComparison.Ordinal);
            Assert.Contains("allowNonFiniteWeights", e.Message, StringComparison.Ordinal);

            var target = new Network<T>([3, 4, 2], [Activation.Tanh, Activation.Identity], seed: 6);
            T[] before = target.Layers.SelectMany(l => l.W.Concat(l.B)).ToArray();
            Assert.Throws<WeightsFormatException>(() => target.LoadWeights(new MemoryStream(file.ToArray())));
            Assert.Equal(before, target.Layers.SelectMany(l => l.W.Concat(l.B)).ToArray());

            var loaded = Network<T>.Load(new MemoryStream(file.ToArray()), allowNonFiniteWeights: true);
            T got = bias ? loaded.Layers[layer].Biases[row] : loaded.Layers[layer].Weights[row, col];
            Assert.True(T.IsNaN(value) ? T.IsNaN(got) : got == value, $"{got} loaded, {value} saved");
        }
    }
}
