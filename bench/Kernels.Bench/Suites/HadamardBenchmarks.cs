using System.Numerics;
using BenchmarkDotNet.Attributes;
using Kernels.Bench.Machine;
using Kernels.Bench.Workloads;

namespace Kernels.Bench.Suites;

/// <summary>The Hadamard product z = x ⊙ y (ElementWise.Multiply).</summary>
/// <typeparam name="T">float or double.</typeparam>
[GenericTypeArguments(typeof(float))]
[GenericTypeArguments(typeof(double))]
public class HadamardBenchmarks<T> : KernelSuite<T, HadamardWorkload<T>> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The memory level the working set fills.</summary>
    [Params(MemoryLevel.L1, MemoryLevel.L2, MemoryLevel.L3, MemoryLevel.Dram)]
    public MemoryLevel Level { get; set; }

    /// <inheritdoc/>
    protected override HadamardWorkload<T> Create() => new(Level);

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

    /// <summary>TensorPrimitives.Multiply.</summary>
    [Benchmark] public void TensorPrimitives() => W.TensorPrimitives();
}
