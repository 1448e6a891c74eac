using BenchmarkDotNet.Attributes;
using Kernels.Bench.Workloads;

namespace Kernels.Bench.Suites;

/// <summary>
/// Serving an ONNX model: Kernels (<c>Predict</c> at batch 1, <c>Forward</c> above) against ONNX Runtime on the same file,
/// one thread each, three ways (its plain API, <c>Run</c> on pre-created OrtValues, <c>RunWithBinding</c>); naive = the
/// per-neuron network.
/// </summary>
public class ServingBenchmarks : KernelSuite<float, ServingWorkload>
{
    /// <summary>"mnist" = [784, 256, 128, 10], "tiny" = [2, 8, 1].</summary>
    [Params("mnist", "tiny")]
    public string Model { get; set; } = "mnist";

    /// <summary>Samples per call.</summary>
    [Params(1, 32, 128)]
    public int Batch { get; set; }

    /// <inheritdoc/>
    protected override ServingWorkload Create() => new(Model, Batch);

    /// <summary>The per-neuron network (the baseline).</summary>
    [Benchmark(Baseline = true)] public void Naive() => W.Naive();

    /// <summary>Predict or Forward on the network LoadOnnx read.</summary>
    [Benchmark] public void Kernels() => W.Kernels();

    /// <summary>ONNX Runtime's plain API (NamedOnnxValue in, results allocated per call).</summary>
    [Benchmark] public void OnnxRuntimeRun() => W.OnnxRuntimeRun();

    /// <summary>ONNX Runtime's Run on input and output OrtValues created once.</summary>
    [Benchmark] public void OnnxRuntimePreallocated() => W.OnnxRuntimePreallocated();

    /// <summary>ONNX Runtime's RunWithBinding, bound once.</summary>
    [Benchmark] public void OnnxRuntimeIoBinding() => W.OnnxRuntimeIoBinding();
}

/// <summary>Loading the model: LoadOnnx against ONNX Runtime's session creation; naive = Network.Load of the .kmlp.</summary>
public class ServingLoadBenchmarks : KernelSuite<float, ServingLoadWorkload>
{
    /// <summary>"mnist" = [784, 256, 128, 10], "tiny" = [2, 8, 1].</summary>
    [Params("mnist", "tiny")]
    public string Model { get; set; } = "mnist";

    /// <inheritdoc/>
    protected override ServingLoadWorkload Create() => new(Model);

    /// <summary>Network.Load of the same weights in .kmlp (the baseline).</summary>
    [Benchmark(Baseline = true)] public void Naive() => W.Naive();

    /// <summary>Network.LoadOnnx.</summary>
    [Benchmark] public void Kernels() => W.Kernels();

    /// <summary>InferenceSession creation (and disposal).</summary>
    [Benchmark] public void OnnxRuntimeSession() => W.OnnxRuntimeSession();
}
