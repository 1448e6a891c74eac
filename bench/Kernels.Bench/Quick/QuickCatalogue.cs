using System;
using System.Collections.Generic;
using System.Linq;
using Kernels.Bench.Machine;
using Kernels.Bench.Workloads;

namespace Kernels.Bench.Quick;

/// <summary>
/// The cases the quick mode runs, in order: every element-wise and matrix kernel at L1, L2 and DRAM sizes (the
/// Hadamard product also at L3), the rank-1 update at 64², 256², 1024², 4096², the GEMMs (<see cref="GemmCases"/>:
/// square from 2³ to 2048³, DGEMM, small and narrow shapes, the MLP's layers in every transpose layout), and the MLP itself: a training
/// step at batch 1, 32 and 128, inference of one sample (with latency percentiles) and of a batch of 32. All in float
/// but the DGEMM. The smoke configuration keeps one small size of each.
/// </summary>
/// <remarks>
/// Add a kernel family by adding its factories here (a GEMM or MLP workload slots in as one more block); the runner,
/// the table, the JSON, the comparison and the chart need no change.
/// </remarks>
internal static class QuickCatalogue
{
    private static readonly Activation[] s_activations = [Activation.Sigmoid, Activation.Tanh, Activation.Relu];

    public static IEnumerable<Func<IWorkload>> Cases(bool smoke)
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
        foreach (var make in GemmCases(smoke)) yield return make;

        int[] batches = smoke ? [1, 8] : [1, 32, 128];
        foreach (int batch in batches) yield return () => new MlpTrainStepWorkload(batch);
        yield return () => new MlpInferenceWorkload(1);
        yield return () => new MlpInferenceWorkload(smoke ? 8 : 32);
        if (!smoke) yield return () => new MlpInferenceWorkload(128);
        yield return () => new TinyMlpPredictWorkload();
        yield return () => new TinyMlpStepWorkload(4);
        yield return () => new TinyMlpStepWorkload(32);

        // ONNX Runtime crashes while loading under user-mode emulation (an x86 /proc/cpuinfo): no serving cases there.
        if (Kernels.Mlp.Tests.Interchange.EmulatedHost.Describe() is not null) yield break;
        int[] servingBatches = smoke ? [1, 8] : [1, 32, 128];
        foreach (int batch in servingBatches) yield return () => new ServingWorkload("mnist", batch);
        yield return () => new ServingWorkload("tiny", 1);
        if (!smoke) yield return () => new ServingWorkload("tiny", 32);
        yield return () => new ServingLoadWorkload("mnist");
    }

    /// <summary>
    /// The GEMM cases, float unless said: square n³ from 2 to 2048 (the lower paths timed up to 1024³, but at 1000³), DGEMM
    /// at 64³, 256³ and 1024³, SGEMM at 1024³ on two threads, the five shapes the GEMM targets name and the classifier's
    /// forward product; then small and narrow products (<c>Gemm.Small</c>), and every layer of the [784, 256, 128, 10] network
    /// at batch 1, 32 and 128 in every form (<see cref="GemmForm"/>: the forward product in all four transpose layouts, the
    /// weight gradient and the input gradient), on the default path only (and Vector256 under Vector512), each once.
    /// </summary>
    private static IEnumerable<Func<IWorkload>> GemmCases(bool smoke)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        bool New(Func<IWorkload> make)
        {
            using var w = make();
            return seen.Add(w.Profile.Id);
        }

        var cases = new List<Func<IWorkload>>();
        int[] gemm = smoke ? [2, 32] : [2, 8, 16, 24, 32, 64, 128, 256, 512, 1000, 1024, 2048];
        foreach (int n in gemm) cases.Add(() => new GemmWorkload<float>(n, forcedPaths: n <= 1024 && n != 1000));
        int[] dgemm = smoke ? [32] : [64, 256, 1024];
        foreach (int n in dgemm) cases.Add(() => new GemmWorkload<double>(n, forcedPaths: n <= 256));
        cases.Add(() => new GemmWorkload<float>(smoke ? 128 : 1024, threads: 2));
        IReadOnlyList<GemmShape> shapes = smoke ? [GemmShape.Mlp[2]] : GemmShape.Mlp;
        foreach (var shape in shapes) cases.Add(() => GemmWorkload<float>.Layer(shape, GemmForm.Plain));
        if (!smoke) cases.Add(() => GemmWorkload<float>.Layer(GemmShape.Mlp[2], GemmForm.Forward)); // the classifier layer as the network runs it: X·Wᵀ

        var small = smoke ? GemmShape.Small.Take(1) : GemmShape.Small;
        foreach (var (m, n, k) in small) cases.Add(() => GemmWorkload<float>.Stored("Gemm.Small", m, n, k, forcedPaths: false));
        IReadOnlyList<GemmShape> layers = smoke ? [new GemmShape(32, 128, 10)] : GemmShape.MlpBatches;
        foreach (var shape in layers)
            foreach (var form in s_forms)
                cases.Add(() => GemmWorkload<float>.Layer(shape, form, forcedPaths: false));
        foreach (var make in cases)
            if (New(make)) yield return make;
    }

    private static readonly GemmForm[] s_forms =
        [GemmForm.Plain, GemmForm.Forward, GemmForm.InputsTransposed, GemmForm.BothTransposed, GemmForm.WeightGradient, GemmForm.InputGradient];

    /// <summary>The memory levels the cases use, for the peak measurement.</summary>
    public static MemoryLevel[] Levels(bool smoke) =>
        smoke ? [MemoryLevel.L1] : [MemoryLevel.L1, MemoryLevel.L2, MemoryLevel.L3, MemoryLevel.Dram];
}
