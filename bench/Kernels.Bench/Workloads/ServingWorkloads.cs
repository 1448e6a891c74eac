using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CommunityToolkit.HighPerformance;
using Kernels.Bench.Machine;
using Kernels.Mlp;
using Kernels.Mlp.Reference;
using Kernels.Mlp.Tests.Interchange;
using Kernels.Testing;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Kernels.Bench.Workloads;

/// <summary>
/// A model served from an ONNX file: the bytes <c>SaveOnnx</c> writes for a seeded network, the network Kernels loads
/// from them (<c>LoadOnnx</c>), and ONNX Runtime's session on the same bytes — one intra-op thread, one inter-op
/// thread, sequential execution, every graph optimisation.
/// </summary>
internal sealed class ServingModel
{
    private ServingModel(string name, int[] sizes, Network<float> source)
    {
        Name = name;
        Sizes = sizes;
        using var s = new MemoryStream();
        source.SaveOnnx(s);
        Onnx = s.ToArray();
        using var k = new MemoryStream();
        source.Save(k);
        Kmlp = k.ToArray();
    }

    public string Name { get; }

    public int[] Sizes { get; }

    /// <summary>The model as an ONNX file.</summary>
    public byte[] Onnx { get; }

    /// <summary>The same weights in Kernels' own format.</summary>
    public byte[] Kmlp { get; }

    /// <summary>[784, 256, 128, 10], ReLU, ReLU, identity (the MLP benchmarks' network, seed 7).</summary>
    public static ServingModel Mnist() => new("[784, 256, 128, 10]", MlpModel.Sizes, MlpModel.Create());

    /// <summary>[2, 8, 1], tanh, sigmoid (the small network of the MLP benchmarks).</summary>
    public static ServingModel Tiny() => new("[2, 8, 1]", TinyMlp.Sizes, TinyMlp.Create());

    public static ServingModel Named(string name) => name == "tiny" ? Tiny() : Mnist();

    public static SessionOptions SessionOptions() => new()
    {
        IntraOpNumThreads = 1,
        InterOpNumThreads = 1,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
    };

    public double MultiplyAddsPerSample => Sizes.Zip(Sizes.Skip(1), (i, o) => (double)i * o).Sum();

    public double Parameters => MultiplyAddsPerSample + Sizes.Skip(1).Sum();
}

/// <summary>
/// Serving a PyTorch-style ONNX model: the same file run by Kernels (<c>Predict</c> for one sample, <c>Forward</c> for a
/// batch, on the network <c>LoadOnnx</c> read) and by ONNX Runtime three ways — its plain API (a
/// <c>NamedOnnxValue</c> made per call, results returned and disposed), <c>Run</c> with pre-created input and output
/// <c>OrtValue</c>s over pinned arrays, and <c>RunWithBinding</c> with those bound once — interleaved; naive = the
/// per-neuron network. The check compares Kernels and all three ONNX Runtime ways with the network in double within
/// the interchange tests' <c>ForwardBound</c>.
/// </summary>
/// <param name="model">"mnist" for [784, 256, 128, 10], "tiny" for [2, 8, 1].</param>
/// <param name="batch">Samples per call.</param>
public sealed class ServingWorkload(string model, int batch) : Workload<float>
{
    private ServingModel? _model;
    private Network<float> _net = null!;
    private Workspace<float> _workspace = null!;
    private PerNeuronNetwork<float> _naive = null!;
    private float[] _x = null!, _y = null!, _ortOut = null!;
    private float[][] _rows = null!;
    private InferenceSession _session = null!;
    private RunOptions _runOptions = null!;
    private OrtValue _input = null!, _output = null!;
    private OrtIoBinding _binding = null!;
    private string[] _inputNames = null!, _outputNames = null!;
    private OrtValue[] _inputs = null!, _outputs = null!;
    private long[] _shape = null!;
    private ReadOnlySpan2D<float> X => new(_x, batch, Model.Sizes[0]);

    private ServingModel Model => _model ??= ServingModel.Named(model);

    /// <inheritdoc/>
    public override WorkProfile Profile
    {
        get
        {
            var m = Model;
            double input = batch * (double)m.Sizes[0] * sizeof(float);
            double workingSet = m.Parameters * sizeof(float) + input + batch * (double)m.Sizes.Skip(1).Sum() * sizeof(float);
            return new("Serving.Onnx", $"{m.Name} batch={batch}", "float", WorkingSets.Classify((long)workingSet), AccessPattern.Triad,
                m.Parameters * sizeof(float) + input, 2 * m.MultiplyAddsPerSample * batch, PerformanceMetric.Flops);
        }
    }

    /// <inheritdoc/>
    public override bool ReportsLatency => batch == 1;

    /// <inheritdoc/>
    public override void Allocate()
    {
        var m = Model;
        _net = Network<float>.LoadOnnx(new MemoryStream(m.Onnx));
        _workspace = _net.CreateWorkspace(batch);
        _naive = PerNeuronNetwork<float>.From(_net);
        _x = TestData.Uniform<float>(batch * m.Sizes[0], 161, 0, 1);
        _y = new float[batch * m.Sizes[^1]];
        _ortOut = new float[batch * m.Sizes[^1]];
        _rows = Enumerable.Range(0, batch).Select(i => _x.AsSpan(i * m.Sizes[0], m.Sizes[0]).ToArray()).ToArray();

        using (var options = ServingModel.SessionOptions())
            _session = new InferenceSession(m.Onnx, options);
        _runOptions = new RunOptions();
        _shape = [batch, m.Sizes[0]];
        _input = OrtValue.CreateTensorValueFromMemory(_x, _shape);
        _output = OrtValue.CreateTensorValueFromMemory(_ortOut, [batch, m.Sizes[^1]]);
        _inputNames = [_session.InputNames[0]];
        _outputNames = [_session.OutputNames[0]];
        _inputs = [_input];
        _outputs = [_output];
        _binding = _session.CreateIoBinding();
        _binding.BindInput(_inputNames[0], _input);
        _binding.BindOutput(_outputNames[0], _output);
    }

    /// <inheritdoc/>
    public override void Naive()
    {
        int nOut = Model.Sizes[^1];
        for (int s = 0; s < batch; s++)
            _naive.Forward(_rows[s]).CopyTo(_y.AsSpan(s * nOut, nOut));
    }

    /// <inheritdoc/>
    public override void Kernels()
    {
        if (batch == 1)
            _net.Predict(_workspace, _x, _y);
        else
            _net.Forward(_workspace, X);
    }

    /// <summary>ONNX Runtime's plain API: the input wrapped per call, the results allocated by the call and disposed.</summary>
    public void OnnxRuntimeRun()
    {
        var input = NamedOnnxValue.CreateFromTensor(_inputNames[0], new DenseTensor<float>(_x, [batch, Model.Sizes[0]]));
        using var results = _session.Run([input]);
        ((DenseTensor<float>)results[0].AsTensor<float>()).Buffer.Span.CopyTo(_ortOut);
    }

    /// <summary><c>Run</c> with input and output <c>OrtValue</c>s created once over pinned arrays.</summary>
    public void OnnxRuntimePreallocated() => _session.Run(_runOptions, _inputNames, _inputs, _outputNames, _outputs);

    /// <summary><c>RunWithBinding</c>: input and output bound once.</summary>
    public void OnnxRuntimeIoBinding() => _session.RunWithBinding(_runOptions, _binding);

    /// <inheritdoc/>
    public override IEnumerable<Variant> Alternatives() =>
    [
        new("ORT Run", VariantKind.OnnxRuntime, null, OnnxRuntimeRun),
        new("ORT prealloc", VariantKind.OnnxRuntime, null, OnnxRuntimePreallocated),
        new("ORT binding", VariantKind.OnnxRuntime, null, OnnxRuntimeIoBinding),
    ];

    /// <inheritdoc/>
    protected override float[] Output() => throw new NotSupportedException("ServingWorkload overrides Check.");

    /// <inheritdoc/>
    protected override ComparisonResult Compare(float[] expected, float[] actual) => throw new NotSupportedException("ServingWorkload overrides Check.");

    /// <inheritdoc/>
    public override ComparisonResult Check(IsaPath? path)
    {
        var exact = Network<double>.LoadOnnx(new MemoryStream(Model.Onnx)); // float32 weights, exactly, in double
        double[] xd = [.. _x.Select(v => (double)v)];
        long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
        Naive();
        NaiveCallNs = System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalNanoseconds;
        double[] reference = ForwardBound.Reference(exact, xd);
        double[] bound = ForwardBound.Compute(exact, _net, xd, reference);

        using (path is { } p ? Isa.Force(p) : default)
        {
            var workspace = _net.CreateWorkspace(batch);
            if (batch == 1)
                _net.Predict(workspace, _x, _y);
            else
                _net.Forward(workspace, X).CopyTo(_y);
        }
        var result = Testing.Compare.WithinBound<double>(reference, [.. _y.Select(v => (double)v)], bound, "ForwardBound");
        foreach (Action ort in new Action[] { OnnxRuntimeRun, OnnxRuntimePreallocated, OnnxRuntimeIoBinding })
        {
            if (!result.Passed) break;
            Array.Clear(_ortOut);
            ort();
            result = Testing.Compare.WithinBound<double>(reference, [.. _ortOut.Select(v => (double)v)], bound, "ForwardBound, ONNX Runtime");
            if (result.Passed) result = Testing.Compare.WithinBound<double>(reference, [.. _y.Select(v => (double)v)], bound, "ForwardBound");
        }
        return result;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _binding?.Dispose();
            _input?.Dispose();
            _output?.Dispose();
            _runOptions?.Dispose();
            _session?.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// <summary>
/// Loading the model: <c>Network.LoadOnnx</c> against ONNX Runtime's <c>InferenceSession</c> creation on the same bytes
/// (session options as <see cref="ServingWorkload"/>); naive = <c>Network.Load</c> of the same weights in Kernels' own
/// format. The check: LoadOnnx gives the saved network's weights bit for bit.
/// </summary>
/// <param name="model">"mnist" or "tiny".</param>
public sealed class ServingLoadWorkload(string model) : Workload<float>
{
    private ServingModel? _model;
    private Network<float>? _loaded;

    private ServingModel Model => _model ??= ServingModel.Named(model);

    /// <inheritdoc/>
    public override WorkProfile Profile =>
        new("Serving.Load", $"{Model.Name}", "float", MemoryLevel.Dram, AccessPattern.Copy, Model.Onnx.Length, 0, PerformanceMetric.Bandwidth);

    /// <inheritdoc/>
    public override void Allocate() => _ = Model;

    /// <inheritdoc/>
    public override void Naive() => _loaded = Network<float>.Load(new MemoryStream(Model.Kmlp, writable: false));

    /// <inheritdoc/>
    public override void Kernels() => _loaded = Network<float>.LoadOnnx(new MemoryStream(Model.Onnx, writable: false));

    /// <summary>Creates (and disposes) an ONNX Runtime session on the model.</summary>
    public void OnnxRuntimeSession()
    {
        using var options = ServingModel.SessionOptions();
        using var session = new InferenceSession(Model.Onnx, options);
    }

    /// <inheritdoc/>
    public override IEnumerable<Variant> Alternatives() => [new("ORT session", VariantKind.OnnxRuntime, null, OnnxRuntimeSession)];

    /// <inheritdoc/>
    protected override float[] Output() => [.. _loaded!.Layers.SelectMany(l => l.W.Concat(l.B))];

    /// <inheritdoc/>
    protected override ComparisonResult Compare(float[] expected, float[] actual) => Testing.Compare.Exact<float>(expected, actual);
}
