using System;
using System.Collections.Generic;
using Kernels.Bench.Quick;
using Kernels.Bench.Workloads;

namespace Kernels.Bench.Tests;

/// <summary>
/// Quick-mode result sets made up to a recipe: the machine's state multiplies every variant of a round alike (a run-wide
/// factor, like a busier VM, times a per-round one), each variant has a factor of its own for the whole process (where
/// the JIT put its code, where its buffers landed), and each sample has its own noise, as on the shared VM.
/// </summary>
internal sealed record SyntheticRuns
{
    /// <summary>Cases, each with naive, kernels, kernels/Vector128 and TensorPrimitives of these base times (ns).</summary>
    public static readonly (string Id, double Naive, double Kernels, double Vector128, double TensorPrimitives)[] Cases = MakeCases();

    public int Rounds { get; init; } = 40;

    /// <summary>Run-wide factor on every time.</summary>
    public double Machine { get; init; } = 1;

    /// <summary>Standard deviation of the per-round factor's logarithm (shared by every variant of a round).</summary>
    public double RoundSpread { get; init; } = 0.10;

    /// <summary>Standard deviation of the logarithm of each variant's factor for the whole process (one run).</summary>
    public double ProcessSpread { get; init; }

    /// <summary>Standard deviation of each sample's own log-noise.</summary>
    public double SampleSpread { get; init; } = 0.03;

    /// <summary>A factor on one variant of one case (a slower kernel, or a control drifting), 1 elsewhere.</summary>
    public Func<string, string, double> Factor { get; init; } = (_, _) => 1;

    /// <summary>Cases whose check failed.</summary>
    public IReadOnlyList<string> FailedChecks { get; init; } = [];

    public BenchRun Make(int seed)
    {
        var rng = new Random(seed);
        var run = new BenchRun { Started = DateTimeOffset.UnixEpoch, Mode = "quick" };
        foreach (var (id, naive, kernels, v128, tp) in Cases)
        {
            (string Name, VariantKind Kind, double Ns)[] variants =
                [("naive", VariantKind.Naive, naive), ("kernels", VariantKind.Kernels, kernels), ("kernels/Vector128", VariantKind.Kernels, v128),
                 ("TensorPrimitives", VariantKind.TensorPrimitives, tp)];
            var samples = new List<double>[variants.Length];
            var process = new double[variants.Length];
            for (int v = 0; v < variants.Length; v++)
            {
                samples[v] = [];
                process[v] = Math.Exp(ProcessSpread * Normal(rng));
            }
            for (int r = 0; r < Rounds; r++)
            {
                double round = Machine * Math.Exp(RoundSpread * Normal(rng));
                for (int v = 0; v < variants.Length; v++)
                    samples[v].Add(variants[v].Ns * Factor(id, variants[v].Name) * process[v] * round * Math.Exp(SampleSpread * Normal(rng)));
            }
            var result = new CaseResult { Id = id };
            result.Checks.Add(new CheckResult("default", !((IList<string>)FailedChecks).Contains(id), ""));
            for (int v = 0; v < variants.Length; v++)
                result.Variants.Add(new VariantResult { Name = variants[v].Name, Kind = variants[v].Kind, CallsPerSample = 1, SamplesNs = samples[v] });
            run.Cases.Add(result);
        }
        return run;
    }

    private static (string, double, double, double, double)[] MakeCases()
    {
        var cases = new (string, double, double, double, double)[24];
        for (int i = 0; i < cases.Length; i++)
        {
            double t = 100 * Math.Pow(1.8, i);
            cases[i] = ($"Kernel{i % 6}/float/n={1 << (10 + i / 6)}", 12 * t, t, 1.9 * t, 1.1 * t);
        }
        return cases;
    }

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
