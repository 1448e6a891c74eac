using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CommunityToolkit.HighPerformance;
using Kernels.Bench.Machine;
using Kernels.Mlp;
using Kernels.Mlp.Reference;
using Kernels.Mlp.Tests;
using Kernels.Testing;

namespace Kernels.Bench.Workloads;

/// <summary>
/// The network the MLP benchmarks run: [784, 256, 128, 10], ReLU, ReLU, identity, softmax cross-entropy, float, plain
/// SGD; the Fashion-MNIST model of the MLP issue. Inputs are uniform in [0, 1) like pixel intensities, labels uniform
/// over the ten classes, all from fixed seeds.
/// </summary>
internal static class MlpModel
{
    public static readonly int[] Sizes = [784, 256, 128, 10];
    public static readonly Activation[] Activations = [Activation.Relu, Activation.Relu, Activation.Identity];
    public const float LearningRate = 0.01f;
    public const string Description = "[784, 256, 128, 10] ReLU, softmax cross-entropy, SGD";

    /// <summary>Σ in·out over the layers: multiply-adds per sample of one forward pass (234 752).</summary>
    public static double MultiplyAddsPerSample => Sizes.Zip(Sizes.Skip(1), (i, o) => (double)i * o).Sum();

    /// <summary>Weights and biases (235 146).</summary>
    public static double Parameters => MultiplyAddsPerSample + Sizes.Skip(1).Sum();

    public static Network<float> Create() => new(Sizes, Activations, seed: 7);

    public static byte[] Save(Network<float> net)
    {
        using var s = new MemoryStream();
        net.Save(s);
        return s.ToArray();
    }

    public static Network<float> Load(byte[] saved)
    {
        using var s = new MemoryStream(saved, writable: false);
        return Network<float>.Load(s);
    }

    public static int[] Labels(int batch, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, batch).Select(_ => rng.Next(Sizes[^1])).ToArray();
    }

    public static WorkProfile Profile(string kernel, int batch, double flopsPerSample, int bytesPerParameter)
    {
        double activations = batch * (double)Sizes.Skip(1).Sum() * sizeof(float);
        double input = batch * (double)Sizes[0] * sizeof(float);
        double workingSet = Parameters * sizeof(float) + input + activations;
        return new(kernel, $"batch={batch}", "float", WorkingSets.Classify((long)workingSet), AccessPattern.Triad,
            Parameters * bytesPerParameter + input, flopsPerSample * batch, PerformanceMetric.Flops);
    }

    /// <summary>The batched trainer's gradients, flattened in GradientGauge's order: per layer, ∇W row by row, then ∇b.</summary>
    public static float[] Gradients(Trainer<float> trainer)
    {
        var all = new List<float>();
        for (int h = 0; h < trainer.Network.Layers.Count; h++)
        {
            var g = trainer.WeightGradient(h);
            for (int i = 0; i < g.Height; i++)
                foreach (float v in g.GetRowSpan(i)) all.Add(v);
            foreach (float v in trainer.BiasGradient(h)) all.Add(v);
        }
        return [.. all];
    }

    /// <summary>The per-neuron network's accumulated gradients in the same order.</summary>
    public static double[] Gradients(PerNeuronNetwork<double> net)
    {
        var all = new List<double>();
        for (int l = 1; l < net.Layers.Length; l++)
        {
            for (int i = 0; i < net.Layers[l].Length; i++)
                foreach (var below in net.Layers[l - 1]) all.Add(below.OutgoingGradient[i]);
            foreach (var n in net.Layers[l]) all.Add(n.BiasGradient);
        }
        return [.. all];
    }

    /// <summary>
    /// The forward half of the unit tests' <c>GradientGauge</c> (tests/Kernels.Mlp.Tests/GradientGauge.cs, compiled into the
    /// bench): the network run on magnitudes |W|, |b|, |x| (sigmoid bounded by 1, tanh by min(1, ·)), whose output dominates
    /// every term summed into each output. Used with that file's K (which also counts the batch sum of the gradients, so it
    /// is larger than a forward pass needs).
    /// </summary>
    public static double[] ForwardGauge(double[][] weights, double[][] biases, double[] x) => ForwardGauge(Sizes, Activations, weights, biases, x);

    /// <summary>The same for any network: <paramref name="sizes"/> and <paramref name="activations"/> as given to <c>Network</c>.</summary>
    public static double[] ForwardGauge(int[] sizes, Activation[] activations, double[][] weights, double[][] biases, double[] x)
    {
        double[] a = x.Select(Math.Abs).ToArray();
        for (int h = 0; h < activations.Length; h++)
        {
            int nIn = sizes[h], nOut = sizes[h + 1];
            var next = new double[nOut];
            for (int i = 0; i < nOut; i++)
            {
                double z = Math.Abs(biases[h][i]);
                for (int j = 0; j < nIn; j++) z += Math.Abs(weights[h][i * nIn + j]) * a[j];
                next[i] = activations[h] switch { Activation.Sigmoid => 1, Activation.Tanh => Math.Min(1, z), _ => z };
            }
            a = next;
        }
        return a;
    }

    public static double[][] RowsAsDouble(float[][] rows) => rows.Select(r => r.Select(v => (double)v).ToArray()).ToArray();
}

/// <summary>
/// One training step of <see cref="MlpModel"/> — forward, backward and the SGD update, <c>Trainer&lt;float&gt;.Step</c> — at
/// one batch size, against the naive per-neuron network (<c>PerNeuronNetwork&lt;float&gt;</c>: LossAndGradients, then
/// ApplySgd). Judged in GFLOPS: about 6·Σ(in·out) flops per sample (forward, weight gradient, and δ for every layer but
/// the first).
/// </summary>
/// <param name="batch">Samples per step.</param>
/// <remarks>
/// Timed steps keep training the same network on the same batch (the values stay finite and normal). The check starts
/// from the initial weights on every path: the trainer's gradients (<c>ComputeGradients</c>, the same forward and backward
/// kernels the step runs, with ∇W stored instead of fused into the update) against the per-neuron network in double,
/// within γ_K(float)·G — the bound and gauge of the unit tests' EquivalenceTests — plus γ_(K+1)(double)·G for the
/// reference's own rounding (Compare.InnerProductBound's rule); and the loss <c>Step</c> returns must
/// equal the one <c>ComputeGradients</c> returns, bit for bit (the same forward pass).
/// </remarks>
public sealed unsafe class MlpTrainStepWorkload(int batch) : Workload<float>
{
    private Trainer<float> _trainer = null!;
    private PerNeuronNetwork<float> _naive = null!;
    private Native.AlignedBuffer<float> _x = null!;
    private int[] _labels = null!;
    private float[][] _rows = null!;
    private byte[] _initial = null!;
    private double[]? _expected, _gauge;
    private int _k;

    private ReadOnlySpan2D<float> X => new(_x.Pointer, batch, MlpModel.Sizes[0], 0);

    /// <inheritdoc/>
    public override WorkProfile Profile
    {
        get
        {
            double macs = MlpModel.MultiplyAddsPerSample;
            double deltaMacs = macs - MlpModel.Sizes[0] * (double)MlpModel.Sizes[1];
            return MlpModel.Profile("Mlp.Step", batch, 2 * (2 * macs + deltaMacs), 2 * sizeof(float));
        }
    }

    /// <inheritdoc/>
    public override string? NaiveSkippedInSuites => batch > 128
        ? "not run above batch 128 (the per-neuron step takes about 1 ms per sample); its ratio is given at batch 128"
        : null;

    /// <inheritdoc/>
    public override void Allocate()
    {
        var net = MlpModel.Create();
        _initial = MlpModel.Save(net);
        _trainer = new Trainer<float>(net, new SgdOptimizer<float>(MlpModel.LearningRate), Loss.SoftmaxCrossEntropy, batch);
        _x = Uniform(batch * MlpModel.Sizes[0], 141, 0, 1);
        _labels = MlpModel.Labels(batch, 142);
        _rows = Enumerable.Range(0, batch).Select(i => _x.Span.Slice(i * MlpModel.Sizes[0], MlpModel.Sizes[0]).ToArray()).ToArray();
        _naive = PerNeuronNetwork<float>.From(net);
    }

    /// <inheritdoc/>
    public override void Naive()
    {
        _naive.LossAndGradients(Loss.SoftmaxCrossEntropy, _rows, null, _labels);
        _naive.ApplySgd(MlpModel.LearningRate);
    }

    /// <inheritdoc/>
    public override void Kernels() => _trainer.Step(X, _labels);

    /// <inheritdoc/>
    protected override float[] Output() => throw new NotSupportedException("MlpTrainStepWorkload overrides Check.");

    /// <inheritdoc/>
    protected override ComparisonResult Compare(float[] expected, float[] actual) => throw new NotSupportedException("MlpTrainStepWorkload overrides Check.");

    /// <inheritdoc/>
    public override ComparisonResult Check(IsaPath? path)
    {
        if (_expected is null)
        {
            var net0 = MlpModel.Load(_initial);
            double[][] xd = MlpModel.RowsAsDouble(_rows);
            var reference = PerNeuronNetwork<double>.From(net0);
            long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
            reference.LossAndGradients(Loss.SoftmaxCrossEntropy, xd, null, _labels);
            NaiveCallNs = System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalNanoseconds; // the float step costs about the same
            _expected = MlpModel.Gradients(reference);
            var (w, b) = GradientGauge.Parameters(net0);
            (_gauge, _k) = GradientGauge.Compute(MlpModel.Sizes, MlpModel.Activations, w, b, xd, null, Loss.SoftmaxCrossEntropy);
        }

        float[] actual;
        float gradientLoss, stepLoss;
        using (path is { } p ? Isa.Force(p) : default)
        {
            var forGradients = new Trainer<float>(MlpModel.Load(_initial), new SgdOptimizer<float>(MlpModel.LearningRate), Loss.SoftmaxCrossEntropy, batch);
            gradientLoss = forGradients.ComputeGradients(X, _labels);
            actual = MlpModel.Gradients(forGradients);
            var forStep = new Trainer<float>(MlpModel.Load(_initial), new SgdOptimizer<float>(MlpModel.LearningRate), Loss.SoftmaxCrossEntropy, batch);
            stepLoss = forStep.Step(X, _labels);
        }
        if (BitConverter.SingleToInt32Bits(stepLoss) != BitConverter.SingleToInt32Bits(gradientLoss))
            return Testing.Compare.Exact<float>([gradientLoss], [stepLoss]); // fails: Step's loss differs from ComputeGradients'
        // γ_K(float)·G as in EquivalenceTests, plus γ_(K+1)(double)·G for the reference's own rounding; ULPs counted in float.
        return Testing.Compare.InnerProductBound<float>(_expected, actual, _k, _gauge);
    }
}

/// <summary>
/// Inference with <see cref="MlpModel"/>: one sample through <c>Network.Predict</c> (the matrix–vector path; the quick mode
/// also reports its single-call latency percentiles), or a batch through <c>Network.Forward</c>, against the per-neuron
/// network's forward pass sample by sample. Judged in GFLOPS (2·Σ(in·out) per sample).
/// </summary>
/// <param name="batch">Samples per call; 1 runs Predict.</param>
/// <remarks>
/// The check compares the outputs (logits) on every path with the per-neuron network in double, within γ_K(float)·G_out
/// (plus γ_(K+1)(double)·G_out for the reference's own rounding): G_out from the forward half of the unit tests' gradient
/// gauge (<see cref="MlpModel.ForwardGauge(double[][], double[][], double[])"/>), K from that gauge.
/// </remarks>
public sealed unsafe class MlpInferenceWorkload(int batch) : Workload<float>
{
    private Network<float> _net = null!;
    private Workspace<float> _workspace = null!;
    private PerNeuronNetwork<float> _naive = null!;
    private Native.AlignedBuffer<float> _x = null!, _y = null!;
    private float[][] _rows = null!;
    private double[]? _expected, _gauge;
    private int _k;
    // The same network for OpenBLAS: a copy of each layer's weights, and each layer's outputs.
    private Native.AlignedBuffer<float>[] _blasWeights = null!, _blasOutputs = null!;

    private ReadOnlySpan2D<float> X => new(_x.Pointer, batch, MlpModel.Sizes[0], 0);

    /// <inheritdoc/>
    public override WorkProfile Profile =>
        MlpModel.Profile(batch == 1 ? "Mlp.Predict" : "Mlp.Forward", batch, 2 * MlpModel.MultiplyAddsPerSample, sizeof(float));

    /// <inheritdoc/>
    public override bool ReportsLatency => batch == 1;

    /// <inheritdoc/>
    public override void Allocate()
    {
        _net = MlpModel.Create();
        _workspace = _net.CreateWorkspace(batch);
        _x = Uniform(batch * MlpModel.Sizes[0], 151, 0, 1);
        _y = Buffer(batch * MlpModel.Sizes[^1]);
        _rows = Enumerable.Range(0, batch).Select(i => _x.Span.Slice(i * MlpModel.Sizes[0], MlpModel.Sizes[0]).ToArray()).ToArray();
        _naive = PerNeuronNetwork<float>.From(_net);
        _blasWeights = _net.Layers.Select(l =>
        {
            var w = Buffer(l.OutputSize * l.InputSize);
            l.WeightsReadOnly.CopyTo(w.Span);
            return w;
        }).ToArray();
        _blasOutputs = _net.Layers.Select(l => Buffer(batch * l.OutputSize)).ToArray();
    }

    /// <inheritdoc/>
    public override IEnumerable<Variant> Alternatives() =>
        Native.OpenBlas.IsAvailable ? [new(Native.OpenBlas.Name, VariantKind.OpenBlas, null, OpenBlasForward)] : [];

    /// <summary>
    /// The same forward pass on OpenBLAS, one thread: per layer cblas_sgemv (batch 1) or cblas_sgemm (X·Wᵀ), then the
    /// bias and the activation by TensorPrimitives, as a service would write it on a BLAS.
    /// </summary>
    public void OpenBlasForward()
    {
        ReadOnlySpan<float> input = _x.Span;
        for (int l = 0; l < _blasWeights.Length; l++)
        {
            var layer = _net.Layers[l];
            int inputs = layer.InputSize, outputs = layer.OutputSize;
            Span<float> z = _blasOutputs[l].Span;
            if (batch == 1)
                Native.OpenBlas.MatrixVectorGemm(false, outputs, inputs, 1f, _blasWeights[l].Span, inputs, input, 0f, z);
            else
                Native.OpenBlas.Gemm(false, true, batch, outputs, inputs, 1f, input, inputs, _blasWeights[l].Span, inputs, 0f, z, outputs);
            for (int s = 0; s < batch; s++)
            {
                Span<float> row = z.Slice(s * outputs, outputs);
                System.Numerics.Tensors.TensorPrimitives.Add(row, layer.Biases, row);
                switch (MlpModel.Activations[l])
                {
                    case Activation.Relu: System.Numerics.Tensors.TensorPrimitives.Max(row, 0f, row); break;
                    case Activation.Identity: break;
                    default: throw new NotSupportedException($"OpenBlasForward has no {MlpModel.Activations[l]}.");
                }
            }
            input = z;
        }
    }

    /// <inheritdoc/>
    public override ComparisonResult CheckAlternative(Variant alternative)
    {
        ArgumentNullException.ThrowIfNull(alternative);
        if (_expected is null) Check(null);
        alternative.Run();
        return Testing.Compare.InnerProductBound<float>(_expected!, _blasOutputs[^1].Span.ToArray(), _k, _gauge);
    }

    /// <inheritdoc/>
    public override void Naive()
    {
        int nOut = MlpModel.Sizes[^1];
        for (int s = 0; s < batch; s++)
            _naive.Forward(_rows[s]).CopyTo(_y.Span.Slice(s * nOut, nOut));
    }

    /// <inheritdoc/>
    public override void Kernels()
    {
        if (batch == 1)
            _net.Predict(_workspace, _x.Span, _y.Span);
        else
            _net.Forward(_workspace, X);
    }

    /// <inheritdoc/>
    protected override float[] Output() => throw new NotSupportedException("MlpInferenceWorkload overrides Check.");

    /// <inheritdoc/>
    protected override ComparisonResult Compare(float[] expected, float[] actual) => throw new NotSupportedException("MlpInferenceWorkload overrides Check.");

    /// <inheritdoc/>
    public override ComparisonResult Check(IsaPath? path)
    {
        int nOut = MlpModel.Sizes[^1];
        if (_expected is null)
        {
            double[][] xd = MlpModel.RowsAsDouble(_rows);
            var reference = PerNeuronNetwork<double>.From(_net);
            long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
            _expected = xd.SelectMany(x => reference.Forward(x)).ToArray();
            NaiveCallNs = System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalNanoseconds;
            var (w, b) = GradientGauge.Parameters(_net);
            (_, _k) = GradientGauge.Compute(MlpModel.Sizes, MlpModel.Activations, w, b, xd, null, Loss.SoftmaxCrossEntropy);
            _gauge = xd.SelectMany(x => MlpModel.ForwardGauge(w, b, x)).ToArray();
        }

        var actual = new float[batch * nOut];
        using (path is { } p ? Isa.Force(p) : default)
        {
            var workspace = _net.CreateWorkspace(batch);
            if (batch == 1)
            {
                var y = new float[nOut];
                _net.Predict(workspace, _x.Span, y);
                for (int i = 0; i < nOut; i++) actual[i] = y[i];
            }
            else
            {
                var outputs = _net.Forward(workspace, X);
                for (int s = 0; s < batch; s++)
                    for (int i = 0; i < nOut; i++) actual[s * nOut + i] = outputs[s, i];
            }
        }
        return Testing.Compare.InnerProductBound<float>(_expected, actual, _k, _gauge);
    }
}
