using BenchmarkDotNet.Attributes;
using Kernels.Bench.Workloads;

namespace Kernels.Bench.Suites;

/// <summary>
/// Inference with the same network: one sample through <c>Network.Predict</c> (batch 1) or a batch through
/// <c>Network.Forward</c>, one thread, against the per-neuron network's forward pass. Median per call; for the latency
/// distribution of single calls see <see cref="MlpPredictLatencyBenchmarks"/>.
/// </summary>
public class MlpInferenceBenchmarks : KernelSuite<float, MlpInferenceWorkload>
{
    /// <summary>Samples per call (1: Predict).</summary>
    [Params(1, 32)]
    public int Batch { get; set; }

    /// <inheritdoc/>
    protected override MlpInferenceWorkload Create() => new(Batch);

    /// <summary>The per-neuron network's forward pass, sample by sample (the baseline).</summary>
    [Benchmark(Baseline = true)] public void Naive() => W.Naive();

    /// <summary>Predict or Forward on the default path.</summary>
    [Benchmark] public void Kernels() => W.Kernels();

    /// <summary>Forced onto the scalar path.</summary>
    [Benchmark] public void Scalar() => W.Kernels();

    /// <summary>Forced onto the Vector128 path.</summary>
    [Benchmark] public void Vector128() => W.Kernels();

    /// <summary>Forced onto the Vector256 path.</summary>
    [Benchmark] public void Vector256() => W.Kernels();

    /// <summary>The same forward pass on OpenBLAS (sgemv or sgemm per layer, then bias and activation); skipped when
    /// OpenBLAS is not installed.</summary>
    [Benchmark] public void OpenBlas() => W.OpenBlasForward();
}
