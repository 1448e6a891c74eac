using System;
using System.Linq;
using CommunityToolkit.HighPerformance;
using Kernels.Bench.Machine;
using Kernels.Mlp;
using Kernels.Mlp.Reference;
using Kernels.Mlp.Tests;
using Kernels.Testing;

namespace Kernels.Bench.Workloads;

/// <summary>
/// The brief's small network, [2, 8, 1] (tanh, then a sigmoid output; mean squared error; SGD), against the plain loop a
/// caller would write for it instead (arrays, MathF, nothing else): "a [2, 8, 1] network must cost no more than a plain
/// loop". The plain loop is <see cref="Plain"/> in this file.
/// </summary>
internal static class TinyMlp
{
    public static readonly int[] Sizes = [2, 8, 1];
    public static readonly Activation[] Activations = [Activation.Tanh, Activation.Sigmoid];
    public const float LearningRate = 0.1f;

    public static Network<float> Create() => new(Sizes, Activations, seed: 11);

    /// <summary>Multiply-adds per sample of one forward pass (24).</summary>
    public const double MultiplyAddsPerSample = 2 * 8 + 8 * 1;

    public static WorkProfile Profile(string kernel, int batch, double flopsPerSample) =>
        new(kernel, $"[2, 8, 1] batch={batch}", "float", WorkingSets.Classify(4096), AccessPattern.Triad,
            (33 + batch * 3) * sizeof(float), flopsPerSample * batch, PerformanceMetric.Flops);

    /// <summary>The network's parameters as plain arrays: W1 (8×2, row-major), b1, W2 (8), b2.</summary>
    public sealed class Plain
    {
        public readonly float[] W1, B1, W2;
        public float B2;
        private readonly float[] _h, _gW1 = new float[16], _gB1 = new float[8], _gW2 = new float[8];

        public Plain(Network<float> net, int maxBatch)
        {
            W1 = net.Layers[0].W.ToArray(); B1 = net.Layers[0].B.ToArray();
            W2 = net.Layers[1].W.ToArray(); B2 = net.Layers[1].B[0];
            _h = new float[maxBatch * 8];
        }

        /// <summary>σ(W2·tanh(W1·x + b1) + b2) for one sample.</summary>
        public float Predict(ReadOnlySpan<float> x)
        {
            float s = B2;
            for (int j = 0; j < 8; j++)
                s += W2[j] * MathF.Tanh(B1[j] + W1[2 * j] * x[0] + W1[2 * j + 1] * x[1]);
            return 1f / (1f + MathF.Exp(-s));
        }

        /// <summary>One SGD step on a batch (rows of <paramref name="x"/>, targets <paramref name="t"/>), mean squared error.</summary>
        public void Step(ReadOnlySpan<float> x, ReadOnlySpan<float> t, int batch)
        {
            Array.Clear(_gW1); Array.Clear(_gB1); Array.Clear(_gW2);
            float gB2 = 0;
            for (int n = 0; n < batch; n++)
            {
                float s = B2;
                for (int j = 0; j < 8; j++)
                {
                    float a = MathF.Tanh(B1[j] + W1[2 * j] * x[2 * n] + W1[2 * j + 1] * x[2 * n + 1]);
                    _h[n * 8 + j] = a;
                    s += W2[j] * a;
                }
                float o = 1f / (1f + MathF.Exp(-s));
                float d2 = (o - t[n]) / batch * o * (1 - o);
                gB2 += d2;
                for (int j = 0; j < 8; j++)
                {
                    float a = _h[n * 8 + j];
                    _gW2[j] += d2 * a;
                    float d1 = d2 * W2[j] * (1 - a * a);
                    _gB1[j] += d1;
                    _gW1[2 * j] += d1 * x[2 * n];
                    _gW1[2 * j + 1] += d1 * x[2 * n + 1];
                }
            }
            for (int i = 0; i < 16; i++) W1[i] -= LearningRate * _gW1[i];
            for (int j = 0; j < 8; j++) { B1[j] -= LearningRate * _gB1[j]; W2[j] -= LearningRate * _gW2[j]; }
            B2 -= LearningRate * gB2;
        }
    }
}

/// <summary>
/// <c>Network.Predict</c> on one sample of the [2, 8, 1] network against the plain loop. The check compares the output on
/// every path with the per-neuron network in double within γ_K(float)·G_out (the unit tests' gauge, as MlpInferenceWorkload).
/// </summary>
public sealed class TinyMlpPredictWorkload : Workload<float>
{
    private Network<float> _net = null!;
    private Workspace<float> _workspace = null!;
    private TinyMlp.Plain _plain = null!;
    private readonly float[] _x = [0.3f, -0.7f];
    private readonly float[] _y = new float[1];
    private float _plainOut;

    /// <inheritdoc/>
    public override WorkProfile Profile => TinyMlp.Profile("Mlp.Tiny.Predict", 1, 2 * TinyMlp.MultiplyAddsPerSample);

    /// <inheritdoc/>
    public override void Allocate()
    {
        _net = TinyMlp.Create();
        _workspace = _net.CreateWorkspace(1);
        _plain = new TinyMlp.Plain(_net, 1);
    }

    /// <inheritdoc/>
    public override void Naive() => _plainOut = _plain.Predict(_x);

    /// <inheritdoc/>
    public override void Kernels() => _net.Predict(_workspace, _x, _y);

    /// <inheritdoc/>
    protected override float[] Output() => throw new NotSupportedException("TinyMlpPredictWorkload overrides Check.");

    /// <inheritdoc/>
    protected override ComparisonResult Compare(float[] expected, float[] actual) => throw new NotSupportedException("TinyMlpPredictWorkload overrides Check.");

    /// <inheritdoc/>
    public override ComparisonResult Check(IsaPath? path)
    {
        double[] xd = _x.Select(v => (double)v).ToArray();
        var reference = PerNeuronNetwork<double>.From(_net);
        long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        Naive();
        NaiveCallNs = System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalNanoseconds;
        double[] expected = reference.Forward(xd);
        var (w, b) = GradientGauge.Parameters(_net);
        (_, int k) = GradientGauge.Compute(TinyMlp.Sizes, TinyMlp.Activations, w, b, [xd], [[0.0]], Loss.MeanSquaredError);
        using (path is { } p ? Isa.Force(p) : default)
            Kernels();
        double[] gauge = MlpModel.ForwardGauge(TinyMlp.Sizes, TinyMlp.Activations, w, b, xd);
        var result = Testing.Compare.InnerProductBound<float>(expected, _y, k, gauge);
        // The plain loop is a second implementation of the same function: it must agree under the same bound.
        return result.Passed ? Testing.Compare.InnerProductBound<float>(expected, [_plainOut], k, gauge) : result;
    }
}

/// <summary>
/// <c>Trainer.Step</c> (SGD, mean squared error) on a batch of the [2, 8, 1] network against the plain loop's step. The
/// check starts from the initial weights: the trainer's gradients against the per-neuron network in double within
/// γ_K(float)·G (as MlpTrainStepWorkload).
/// </summary>
/// <param name="batch">Samples per step.</param>
public sealed class TinyMlpStepWorkload(int batch) : Workload<float>
{
    private Trainer<float> _trainer = null!;
    private TinyMlp.Plain _plain = null!;
    private float[,] _x = null!, _t = null!;
    private float[] _xFlat = null!, _tFlat = null!;

    /// <inheritdoc/>
    public override WorkProfile Profile => TinyMlp.Profile("Mlp.Tiny.Step", batch, 2 * (2 * TinyMlp.MultiplyAddsPerSample + 8));

    /// <inheritdoc/>
    public override void Allocate()
    {
        var net = TinyMlp.Create();
        _trainer = new Trainer<float>(net, new SgdOptimizer<float>(TinyMlp.LearningRate), Loss.MeanSquaredError, batch);
        _plain = new TinyMlp.Plain(net, batch);
        _xFlat = TestData.Uniform<float>(2 * batch, 171, -1, 1);
        _tFlat = Enumerable.Range(0, batch).Select(n => _xFlat[2 * n] > _xFlat[2 * n + 1] ? 1f : 0f).ToArray();
        _x = new float[batch, 2];
        _t = new float[batch, 1];
        for (int n = 0; n < batch; n++) { _x[n, 0] = _xFlat[2 * n]; _x[n, 1] = _xFlat[2 * n + 1]; _t[n, 0] = _tFlat[n]; }
    }

    /// <inheritdoc/>
    public override void Naive() => _plain.Step(_xFlat, _tFlat, batch);

    /// <inheritdoc/>
    public override void Kernels() => _trainer.Step(_x, _t);

    /// <inheritdoc/>
    protected override float[] Output() => throw new NotSupportedException("TinyMlpStepWorkload overrides Check.");

    /// <inheritdoc/>
    protected override ComparisonResult Compare(float[] expected, float[] actual) => throw new NotSupportedException("TinyMlpStepWorkload overrides Check.");

    /// <inheritdoc/>
    public override ComparisonResult Check(IsaPath? path)
    {
        var net0 = TinyMlp.Create();
        double[][] xd = Enumerable.Range(0, batch).Select(n => new double[] { _xFlat[2 * n], _xFlat[2 * n + 1] }).ToArray();
        double[][] td = _tFlat.Select(v => new double[] { v }).ToArray();
        var reference = PerNeuronNetwork<double>.From(net0);
        reference.LossAndGradients(Loss.MeanSquaredError, xd, td, null);
        double[] expected = MlpModel.Gradients(reference);
        var (w, b) = GradientGauge.Parameters(net0);
        var (gauge, k) = GradientGauge.Compute(TinyMlp.Sizes, TinyMlp.Activations, w, b, xd, td, Loss.MeanSquaredError);

        var plain = new TinyMlp.Plain(net0, batch);
        long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        plain.Step(_xFlat, _tFlat, batch);
        NaiveCallNs = System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalNanoseconds;

        float[] actual;
        using (path is { } p ? Isa.Force(p) : default)
        {
            var trainer = new Trainer<float>(TinyMlp.Create(), new SgdOptimizer<float>(TinyMlp.LearningRate), Loss.MeanSquaredError, batch);
            trainer.ComputeGradients(_x, _t);
            actual = MlpModel.Gradients(trainer);
        }
        return Testing.Compare.InnerProductBound<float>(expected, actual, k, gauge);
    }
}

