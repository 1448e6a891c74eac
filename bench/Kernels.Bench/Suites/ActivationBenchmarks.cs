using System.Numerics;
using BenchmarkDotNet.Attributes;
using Kernels.Bench.Machine;
using Kernels.Bench.Workloads;

namespace Kernels.Bench.Suites;

/// <summary>Activations a = σ(z) (ElementWise.Activate).</summary>
/// <typeparam name="T">float or double.</typeparam>
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
public class ActivationBenchmarks<T> : KernelSuite<T, ActivationWorkload<T>> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The memory level the working set fills.</summary>
    [Params(MemoryLevel.L1, MemoryLevel.L2, MemoryLevel.Dram)]
    public MemoryLevel Level { get; set; }

    /// <summary>The activation function.</summary>
    [Params(Activation.Sigmoid, Activation.Tanh, Activation.Relu)]
    public Activation Activation { get; set; }

    /// <inheritdoc/>
    protected override ActivationWorkload<T> Create() => new(Activation, Level);

    /// <summary>The naive loop (scalar reference): the baseline.</summary>
    [Benchmark(Baseline = true)] public void Naive() => W.Naive();

    /// <summary>The Kernels library on its default path (<see cref="Isa.Best"/>).</summary>
    [Benchmark] public void Kernels() => W.Kernels();

    /// <summary>The Kernels library forced onto the scalar path.</summary>
    [Benchmark] public void Scalar() => W.Kernels();

    /// <summary>The Kernels library forced onto the Vector128 path.</summary>
    [Benchmark] public void Vector128() => W.Kernels();

    /// <summary>The Kernels library forced onto the Vector256 path.</summary>
    [Benchmark] public void Vector256() => W.Kernels();

    /// <summary>TensorPrimitives.Sigmoid, Tanh, or Max(z, 0) for ReLU.</summary>
    [Benchmark] public void TensorPrimitives() => W.TensorPrimitives();
}
