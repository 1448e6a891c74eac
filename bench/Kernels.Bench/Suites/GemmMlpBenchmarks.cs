using System;
using System.Linq;
using System.Numerics;
using BenchmarkDotNet.Attributes;
using Kernels.Bench.Workloads;

namespace Kernels.Bench.Suites;

/// <summary>
/// GEMM at the dense-layer shapes of the [784, 256, 128, 10] network (<see cref="GemmShape.Mlp"/>), in each of the three
/// forms: as the targets write it (A·B), the forward pass X·Wᵀ (NoTrans×Trans) and the weight gradient δᵀ·X
/// (Trans×NoTrans), as the network runs them.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
[GenericTypeArguments(typeof(float))]
public class GemmMlpBenchmarks<T> : GemmSuite<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The layer and batch, as <see cref="GemmShape.ToString"/> writes it (a string: BenchmarkDotNet's generated code
    /// cannot name a ParamsSource in a class that has a member called <c>Kernels</c>).</summary>
    [Params("(64×784)·(784×256)", "(64×256)·(256×128)", "(64×128)·(128×10)", "(1×784)·(784×256)", "(256×784)·(784×256)")]
    public string Shape { get; set; } = GemmShape.Mlp[0].ToString();

    /// <summary>Which of the layer's products.</summary>
    [Params(GemmForm.Plain, GemmForm.Forward, GemmForm.WeightGradient)]
    public GemmForm Form { get; set; }

    /// <inheritdoc/>
    protected override GemmWorkload<T> Create() =>
        GemmWorkload<T>.Layer(GemmShape.Mlp.FirstOrDefault(s => s.ToString() == Shape) ?? throw new ArgumentException($"Unknown shape {Shape}."), Form);
}
