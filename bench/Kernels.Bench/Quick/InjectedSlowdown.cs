using System;
using System.Globalization;
using Kernels.Bench.Workloads;

namespace Kernels.Bench.Quick;

/// <summary>
/// A test hook for the regression gate: <c>KERNELS_BENCH_TEST_SLOWDOWN=CASE_ID:FRACTION</c> (e.g.
/// <c>Tanh/float/n=3072:0.3</c>) makes every Kernels variant of that one case spin after each call for FRACTION of the
/// call's own time, as a kernel made that much slower would. Only the bench reads it; the library knows nothing of it.
/// </summary>
internal static class InjectedSlowdown
{
    public const string Variable = "KERNELS_BENCH_TEST_SLOWDOWN";

    // Read at each use (a few hundred times a run), so a malformed value is an ArgumentException for the caller, not a type initialiser's.
    private static (string CaseId, double Fraction)? Setting => Parse(Environment.GetEnvironmentVariable(Variable));

    /// <summary>The setting in force, for the run's notes; null when the variable is unset.</summary>
    public static string? Describe() =>
        Setting is { } s ? $"test hook {Variable}: the Kernels variants of {s.CaseId} are slowed down by {s.Fraction:P0}" : null;

    /// <summary><paramref name="variant"/>, slowed down when the hook names its case and it runs Kernels code.</summary>
    public static Variant Apply(string caseId, Variant variant)
    {
        if (Setting is not { } s || variant.Kind is not (VariantKind.Kernels or VariantKind.TwoPass or VariantKind.OneThread) ||
            !string.Equals(caseId, s.CaseId, StringComparison.Ordinal))
            return variant;
        var run = variant.Run;
        // A multiply-add chain as long as FRACTION of the call, measured here on the variant's path (reading the clock
        // around every call would itself cost microseconds on a VM, and measuring inside the first timed call would
        // distort the harness's calibration): no memory traffic, so only this case slows down.
        double callNs;
        using (variant.Path is { } path ? Isa.Force(path) : default)
            callNs = MedianCallNs(run);
        int spin = Sampler.CalibrateSpin(s.Fraction * callNs);
        return variant with
        {
            Run = () =>
            {
                run();
                Sampler.Spin(spin);
            },
        };
    }

    // As the harness times it: batches of about a millisecond of back-to-back calls.
    private static double MedianCallNs(Action run)
    {
        int calls = (int)Math.Clamp(1e6 / Sampler.TimeOneCall(run, 1), 1, 100_000);
        var times = new double[5];
        for (int i = 0; i < times.Length; i++) times[i] = Sampler.Sample(run, calls);
        return Sampler.Median(times);
    }

    /// <summary>Parses <c>CASE_ID:FRACTION</c> (split at the last colon; a fraction above 0).</summary>
    /// <exception cref="ArgumentException">The value is malformed.</exception>
    public static (string CaseId, double Fraction)? Parse(string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        int colon = value.LastIndexOf(':');
        if (colon <= 0 || !double.TryParse(value[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double f) || !(f > 0))
            throw new ArgumentException($"{Variable}='{value}': expected CASE_ID:FRACTION, e.g. Tanh/float/n=3072:0.3.");
        return (value[..colon], f);
    }
}
