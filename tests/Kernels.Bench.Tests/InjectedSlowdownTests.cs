using System;
using System.Diagnostics;
using Kernels.Bench.Quick;
using Kernels.Bench.Workloads;
using Xunit;

namespace Kernels.Bench.Tests;

[Collection(nameof(EnvironmentCollection))]
public class InjectedSlowdownTests
{
    private static void BusyWait(double ms)
    {
        long end = Stopwatch.GetTimestamp() + (long)(ms * Stopwatch.Frequency / 1000);
        while (Stopwatch.GetTimestamp() < end) { }
    }

    [Fact]
    public void The_named_case_runs_slower_by_the_fraction_and_nothing_else_changes()
    {
        Environment.SetEnvironmentVariable(InjectedSlowdown.Variable, "Tanh/float/n=3072:1");
        try
        {
            Action call = () => BusyWait(4);
            var kernels = InjectedSlowdown.Apply("Tanh/float/n=3072", new Variant("kernels", VariantKind.Kernels, null, call));
            Assert.NotSame(call, kernels.Run);
            Assert.Same(call, InjectedSlowdown.Apply("Tanh/float/n=3072", new Variant("naive", VariantKind.Naive, null, call)).Run);
            Assert.Same(call, InjectedSlowdown.Apply("Tanh/float/n=49152", new Variant("kernels", VariantKind.Kernels, null, call)).Run);

            long t0 = Stopwatch.GetTimestamp();
            kernels.Run();
            Assert.True(Stopwatch.GetElapsedTime(t0).TotalMilliseconds >= 6, "a 4 ms call slowed down 2x takes about 8 ms");
            Assert.Contains("Tanh/float/n=3072", InjectedSlowdown.Describe(), StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(InjectedSlowdown.Variable, null);
        }
        Assert.Null(InjectedSlowdown.Describe());
    }

    [Theory]
    [InlineData("Tanh/float/n=3072")]
    [InlineData("Tanh/float/n=3072:")]
    [InlineData("Tanh/float/n=3072:-0.2")]
    [InlineData(":0.2")]
    public void A_malformed_setting_is_refused(string value) =>
        Assert.Throws<ArgumentException>(() => InjectedSlowdown.Parse(value));
}

/// <summary>Tests that set process environment variables run one at a time.</summary>
[CollectionDefinition(nameof(EnvironmentCollection), DisableParallelization = true)]
public sealed class EnvironmentCollection;
