using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Perfolizer.Mathematics.OutlierDetection;
using Kernels.Bench.Workloads;

namespace Kernels.Bench.Suites;

/// <summary>
/// The latency distribution of single <c>Network.Predict</c> calls: every iteration is one call (InvocationCount 1), no
/// outlier is removed, no garbage collection is forced between iterations (it would evict the weights from the caches
/// before every call), and the p50 / p90 / p99 columns are percentiles of those single calls.
/// </summary>
/// <remarks>
/// BenchmarkDotNet does its own bookkeeping and logging between iterations, so every call here starts with caches and
/// predictors partly disturbed: measured here, p50 17 µs against 11–12 µs back to back. That is a service calling Predict
/// between other work; the quick mode's latency row (calls back to back, beside a spin loop of the same length) is the
/// kernel's own distribution.
/// </remarks>
[InvocationCount(1, 1)]
[GcForce(false)]
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
