using BenchmarkDotNet.Attributes;
using Kernels.Bench.Workloads;

namespace Kernels.Bench.Suites;

/// <summary>
/// One training step of the [784, 256, 128, 10] ReLU network with softmax cross-entropy and SGD (<c>Trainer&lt;float&gt;.Step</c>),
/// one thread, against the naive per-neuron network (not run at batch 1024).
/// </summary>
public class MlpTrainStepBenchmarks : KernelSuite<float, MlpTrainStepWorkload>
{
    /// <summary>Samples per step.</summary>
    [Params(1, 32, 128, 1024)]
    public int Batch { get; set; }

    /// <inheritdoc/>
    protected override MlpTrainStepWorkload Create() => new(Batch);

    /// <summary>The per-neuron network: LossAndGradients, then ApplySgd (the baseline).</summary>
    [Benchmark(Baseline = true)] public void Naive() => W.Naive();

    /// <summary>Trainer.Step on the default path.</summary>
    [Benchmark] public void Kernels() => W.Kernels();

    /// <summary>Trainer.Step with every kernel forced onto the scalar path.</summary>
    [Benchmark] public void Scalar() => W.Kernels();

    /// <summary>Trainer.Step with every kernel forced onto the Vector128 path.</summary>
    [Benchmark] public void Vector128() => W.Kernels();

    /// <summary>Trainer.Step with every kernel forced onto the Vector256 path.</summary>
    [Benchmark] public void Vector256() => W.Kernels();
}
