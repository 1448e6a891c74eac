using System;
using System.Linq;
using System.Numerics;
using BenchmarkDotNet.Attributes;
using Kernels.Bench.Workloads;

namespace Kernels.Bench.Suites;

/// <summary>
/// GEMM at every layer of the [784, 256, 128, 10] network at batch 1, 32 and 128 (<see cref="GemmShape.MlpBatches"/>),
/// in every form (<see cref="GemmForm"/>): the forward product in all four transpose layouts (NN <c>Plain</c>, NT
/// <c>Forward</c>, TN <c>InputsTransposed</c>, TT <c>BothTransposed</c>), the weight gradient (TN) and the input
/// gradient (NN), as the quick mode times them.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
[GenericTypeArguments(typeof(float))]
public class GemmLayoutBenchmarks<T> : GemmSuite<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The layer, inputs→outputs (a string: see <see cref="GemmMlpBenchmarks{T}.Shape"/>).</summary>
    [Params("784→256", "256→128", "128→10")]
    public string Layer { get; set; } = "784→256";

    /// <summary>The batch.</summary>
    [Params(1, 32, 128)]
    public int Batch { get; set; } = 32;

    /// <summary>Which of the layer's products, in which layout.</summary>
    [Params(GemmForm.Plain, GemmForm.Forward, GemmForm.InputsTransposed, GemmForm.BothTransposed, GemmForm.WeightGradient, GemmForm.InputGradient)]
    public GemmForm Form { get; set; }

    /// <inheritdoc/>
    protected override GemmWorkload<T> Create()
    {
        int[] widths = Layer.Split('→').Select(int.Parse).ToArray();
        if (widths.Length != 2) throw new ArgumentException($"Unknown layer {Layer}.");
        return GemmWorkload<T>.Layer(new GemmShape(Batch, widths[0], widths[1]), Form);
    }
}

/// <summary>
/// Small and narrow GEMMs, as stored: <c>(20×20)·(20×4)</c>, <c>(4×20)·(20×20)</c>, <c>(5×7)·(7×3)</c>, rank-2
/// <c>(24×2)·(2×24)</c>, <c>(2×24)·(24×2)</c>, <c>(12×24)·(24×12)</c>, and m or n of 8 or 12 at 256
/// (<see cref="GemmShape.Small"/>), where a call's fixed cost weighs most.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
[GenericTypeArguments(typeof(float))]
public class GemmSmallBenchmarks<T> : GemmSuite<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The product as stored, e.g. <c>(20×20)·(20×4)</c>.</summary>
    [Params("(20×20)·(20×4)", "(4×20)·(20×20)", "(5×7)·(7×3)", "(24×2)·(2×24)", "(2×24)·(24×2)", "(12×24)·(24×12)", "(8×256)·(256×256)", "(256×256)·(256×12)")]
    public string Shape { get; set; } = "(20×20)·(20×4)";

    /// <inheritdoc/>
    protected override GemmWorkload<T> Create()
    {
        foreach (var (m, n, k) in GemmShape.Small)
        {
            var w = GemmWorkload<T>.Stored("Gemm.Small", m, n, k);
            if (w.Profile.Shape == Shape) return w;
            w.Dispose();
        }
        throw new ArgumentException($"Unknown shape {Shape}.");
    }
}
