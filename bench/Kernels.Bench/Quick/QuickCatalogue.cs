using System;
using System.Collections.Generic;
using Kernels.Bench.Machine;
using Kernels.Bench.Workloads;

namespace Kernels.Bench.Quick;

/// <summary>
/// The cases the quick mode runs, in order: every element-wise and matrix kernel at L1, L2 and DRAM sizes (the
/// Hadamard product also at L3), the rank-1 update at 64², 256², 1024², 4096², square GEMMs from 64 to 1024 and two
/// dense-layer GEMMs (batch 32 and 128 through 784→256), all in float. The smoke
/// configuration keeps one small size of each.
/// </summary>
/// <remarks>
/// Add a kernel family by adding its factories here (a GEMM or MLP workload slots in as one more block); the runner,
/// the table, the JSON, the comparison and the chart need no change.
/// </remarks>
internal static class QuickCatalogue
{
    private static readonly Activation[] s_activations = [Activation.Sigmoid, Activation.Tanh, Activation.Relu];

    public static IEnumerable<Func<Workload<float>>> Cases(bool smoke)
    {
        MemoryLevel[] levels = smoke ? [MemoryLevel.L1] : [MemoryLevel.L1, MemoryLevel.L2, MemoryLevel.Dram];
        MemoryLevel[] hadamardLevels = smoke ? [MemoryLevel.L1] : [MemoryLevel.L1, MemoryLevel.L2, MemoryLevel.L3, MemoryLevel.Dram];

        foreach (var l in hadamardLevels) yield return () => new HadamardWorkload<float>(l);
        foreach (var l in levels) yield return () => new AddWorkload<float>(l);
        foreach (var l in levels) yield return () => new ScaleWorkload<float>(l);
        foreach (var l in levels) yield return () => new AxpyWorkload<float>(l);
        foreach (var a in s_activations)
            foreach (var l in levels) yield return () => new ActivationWorkload<float>(a, l);
        foreach (var a in s_activations)
            foreach (var l in levels) yield return () => new DeltaWorkload<float>(a, l);
        foreach (var l in levels) yield return () => new AddBiasWorkload<float>(l);
        foreach (var l in levels) yield return () => new AddBiasActivateWorkload<float>(Activation.Sigmoid, l);
        foreach (var l in levels) yield return () => new SoftmaxWorkload<float>(l);
        foreach (var l in levels) yield return () => new SumRowsWorkload<float>(l);
        foreach (var l in levels) yield return () => new SumColumnsWorkload<float>(l);
        int[] orders = smoke ? [64] : [64, 256, 1024, 4096];
        foreach (int n in orders) yield return () => new RankOneWorkload<float>(n);
        int[] gemm = smoke ? [32] : [64, 128, 256, 512, 1024];
        foreach (int n in gemm) yield return () => new GemmWorkload<float>(n);
        if (!smoke)
            foreach (int batch in (int[])[32, 128]) yield return () => new GemmWorkload<float>("Gemm.Mlp", batch, 256, 784);
    }

    /// <summary>The memory levels the cases use, for the peak measurement.</summary>
    public static MemoryLevel[] Levels(bool smoke) =>
        smoke ? [MemoryLevel.L1] : [MemoryLevel.L1, MemoryLevel.L2, MemoryLevel.L3, MemoryLevel.Dram];
}
