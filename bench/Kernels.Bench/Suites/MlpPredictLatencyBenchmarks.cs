using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Perfolizer.Mathematics.OutlierDetection;
using Kernels.Bench.Workloads;

namespace Kernels.Bench.Suites;

/// <summary>
/// The latency distribution of single <c>Network.Predict</c> calls: every iteration is one call (InvocationCount 1), no
/// outlier is removed, and the p50 / p90 / p99 columns are percentiles of those single calls.
/// </summary>
[InvocationCount(1, 1)]
[IterationCount(2000)]
[WarmupCount(200)]
[Outliers(OutlierMode.DontRemove)]
[Config(typeof(LatencyConfig))]
public class MlpPredictLatencyBenchmarks : KernelSuite<float, MlpInferenceWorkload>
{
    /// <inheritdoc/>
    protected override MlpInferenceWorkload Create() => new(1);

    /// <summary>One Predict call on the default path.</summary>
    [Benchmark] public void Kernels() => W.Kernels();

    /// <summary>Adds the percentile columns.</summary>
    public sealed class LatencyConfig : ManualConfig
    {
        /// <summary>Creates the configuration.</summary>
        public LatencyConfig() => AddColumn(new PercentileColumn(50), new PercentileColumn(90), new PercentileColumn(99));
    }
}
