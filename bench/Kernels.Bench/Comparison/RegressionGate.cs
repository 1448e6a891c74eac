using System;
using System.Collections.Generic;
using System.Linq;

namespace Kernels.Bench.Comparison;

/// <summary>What the gate concluded about one variant.</summary>
internal enum Verdict
{
    /// <summary>No change beyond the limit in either direction could be shown.</summary>
    Same,

    /// <summary>Slower by more than the limit, with p &lt; alpha: fails the gate.</summary>
    Regression,

    /// <summary>Faster by more than the limit, with p &lt; alpha.</summary>
    Faster,

    /// <summary>Too few samples for p &lt; alpha to be reachable (a smoke run): not judged.</summary>
    TooFewSamples,
}

/// <summary>The gate's settings.</summary>
/// <param name="ThresholdPercent">The smallest slow-down that counts, in percent, before the noise floor raises it.</param>
/// <param name="Alpha">The significance level of the one-sided tests.</param>
/// <param name="Confidence">The level of the confidence intervals shown.</param>
/// <param name="GateForcedPaths">Whether Kernels forced onto a lower path than the machine's default can fail the gate too;
/// by default they are listed but not gated: they are what a test forces, not what a caller of this machine runs, and their
/// scalar loops move most from one process to the next.</param>
internal sealed record GateSettings(double ThresholdPercent = 5, double Alpha = 0.01, double Confidence = 0.95, bool GateForcedPaths = false)
{
    /// <summary>The quantile of the controls' drift taken as the noise floor: a high one, since a regression must stand
    /// out of the drift, but not the maximum, which one disturbed case would set.</summary>
    public const double NoiseQuantile = 0.9;
}

/// <summary>One measure of a variant compared between the two sets: its log-time, or its log-ratio to a control.</summary>
/// <param name="Change">The shift (new − baseline, in logs: exp of it is the change ratio) with its confidence interval.</param>
/// <param name="Limit">The log-ratio a change must exceed to count: the threshold, or the noise floor if larger.</param>
/// <param name="PSlower">p of "slower by more than the limit" (one-sided Mann–Whitney).</param>
/// <param name="PFaster">p of "faster by more than the limit".</param>
internal sealed record Measure(Shift Change, double Limit, double PSlower, double PFaster)
{
    public bool Slower(double alpha) => Change.Estimate > Limit && PSlower < alpha;

    public bool Faster(double alpha) => Change.Estimate < -Limit && PFaster < alpha;

    public static Measure Of(double[] baseline, double[] candidate, double limit, double confidence) =>
        new(ShiftStatistics.Estimate(baseline, candidate, confidence), limit,
            ShiftStatistics.PGreater(baseline, candidate, limit), ShiftStatistics.PGreater(candidate, baseline, limit));
}

/// <summary>One Kernels variant compared between the two sets.</summary>
/// <param name="CaseId">The case.</param>
/// <param name="Variant">The variant (<c>kernels</c>, <c>kernels/Vector128</c>, <c>two-pass</c>…).</param>
/// <param name="Control">The control its times are divided by, or null when the case has none.</param>
/// <param name="BaselineNs">The baseline median.</param>
/// <param name="NewNs">The new median.</param>
/// <param name="Relative">Its time divided by the control's, round by round; null without a control.</param>
/// <param name="Absolute">Its own time, less the machine's drift.</param>
/// <param name="ControlChange">The control's own time's shift, less the machine's drift (log); 0 without a control.</param>
/// <param name="Verdict">The verdict.</param>
/// <param name="Gated">Whether a <see cref="Verdict.Regression"/> of this row fails the gate (see <see cref="GateSettings.GateForcedPaths"/>).</param>
internal sealed record GateRow(string CaseId, string Variant, string? Control, double BaselineNs, double NewNs, Measure? Relative, Measure Absolute,
    double ControlChange, Verdict Verdict, bool Gated)
{
    /// <summary>The measure the row is read by: relative when there is a control.</summary>
    public Measure Main => Relative ?? Absolute;
}

/// <summary>How far the controls moved between the two sets, which no change to Kernels can have caused.</summary>
/// <param name="Relative">The <see cref="GateSettings.NoiseQuantile"/> of |shift| of one control relative to another in the same case (log).</param>
/// <param name="RelativePairs">How many control pairs that is taken over.</param>
/// <param name="Machine">The median shift of the controls' own times (log): how much slower the machine was for the new set as a whole.</param>
/// <param name="Absolute">The same quantile as <paramref name="Relative"/> of |shift − <paramref name="Machine"/>| of the controls' own times (log).</param>
/// <param name="AbsoluteControls">How many controls that is taken over.</param>
internal sealed record NoiseFloor(double Relative, int RelativePairs, double Machine, double Absolute, int AbsoluteControls);

/// <summary>The gate's outcome.</summary>
/// <param name="Rows">Every Kernels variant in both sets.</param>
/// <param name="Noise">The controls' drift.</param>
/// <param name="FailedChecks">Cases of the new set whose correctness check failed.</param>
internal sealed record GateResult(IReadOnlyList<GateRow> Rows, NoiseFloor Noise, IReadOnlyList<string> FailedChecks)
{
    /// <summary>No regression and no failed check.</summary>
    public bool Passed => FailedChecks.Count == 0 && !Rows.Any(r => r.Gated && r.Verdict == Verdict.Regression);
}

/// <summary>
/// The regression gate: a Kernels variant regressed when its time relative to a control timed in the same rounds (see
/// <see cref="RelativeTimings"/>) grew beyond the threshold or, when the controls drifted further relative to each other
/// between the two sets, that drift; and its own time, less the machine's drift, grew beyond the threshold and by more
/// than the control's own time moved.
/// </summary>
internal static class RegressionGate
{
    public static GateResult Judge(ResultSet baseline, ResultSet candidate, GateSettings settings)
    {
        var noise = MeasureNoise(baseline, candidate, settings.Confidence);
        double threshold = Math.Log(1 + settings.ThresholdPercent / 100);
        var rows = new List<GateRow>();
        foreach (var (id, b) in baseline.Cases)
        {
            if (!candidate.Cases.TryGetValue(id, out var c)) continue;
            foreach (var judged in b.Variants.Where(v => !v.IsControl))
            {
                if (c.Variant(judged.Name) is not { } judgedNew) continue;
                var control = RelativeTimings.ControlFor(judged, b, c);
                var absolute = Measure.Of(RelativeTimings.Of(judged, null, false), LessMachine(judgedNew, noise),
                    control is null ? Math.Max(threshold, noise.Absolute) : threshold, settings.Confidence);
                Measure? relative = null;
                double controlChange = 0;
                if (control is not null)
                {
                    var controlNew = c.Variant(control.Name)!;
                    relative = Measure.Of(RelativeTimings.Of(judged, control, b.Interleaved), RelativeTimings.Of(judgedNew, controlNew, c.Interleaved),
                        Math.Max(threshold, noise.Relative), settings.Confidence);
                    controlChange = ShiftStatistics.Estimate(RelativeTimings.Of(control, null, false), LessMachine(controlNew, noise), settings.Confidence).Estimate;
                }
                // The ratio to the control cancels the machine but carries the control's own noise (a naive loop's speed
                // moves with where the JIT put it): so the variant's own time, less the machine's drift, must have grown
                // beyond the threshold too, and by more than the control's own time moved, or the change is the control's.
                bool slower = absolute.Slower(settings.Alpha) && (relative is null ||
                    relative.Slower(settings.Alpha) && absolute.Change.Estimate > Math.Abs(controlChange));
                bool faster = absolute.Faster(settings.Alpha) && (relative is null ||
                    relative.Faster(settings.Alpha) && -absolute.Change.Estimate > Math.Abs(controlChange));
                Verdict verdict = ShiftStatistics.SmallestP(judged.SamplesNs.Count, judgedNew.SamplesNs.Count) >= settings.Alpha ? Verdict.TooFewSamples
                    : slower ? Verdict.Regression : faster ? Verdict.Faster : Verdict.Same;
                rows.Add(new GateRow(id, judged.Name, control?.Name, RelativeTimings.Median(judged.SamplesNs), RelativeTimings.Median(judgedNew.SamplesNs),
                    relative, absolute, controlChange, verdict, settings.GateForcedPaths || !judged.IsForcedPath));
            }
        }
        return new GateResult(rows, noise, candidate.FailedChecks);
    }

    private static double[] LessMachine(VariantTimings v, NoiseFloor noise) => RelativeTimings.Of(v, null, false).Select(t => t - noise.Machine).ToArray();

    /// <summary>How far the controls moved between the sets: relative to each other within a case, and in time, as a whole and around that.</summary>
    public static NoiseFloor MeasureNoise(ResultSet baseline, ResultSet candidate, double confidence)
    {
        var relative = new List<double>();
        var absolute = new List<double>();
        foreach (var (id, b) in baseline.Cases)
        {
            if (!candidate.Cases.TryGetValue(id, out var c)) continue;
            var controls = b.Variants.Where(v => v.IsControl && c.Variant(v.Name) is { IsControl: true }).ToList();
            for (int i = 0; i < controls.Count; i++)
            {
                var bi = controls[i];
                var ci = c.Variant(bi.Name)!;
                absolute.Add(ShiftStatistics.Estimate(RelativeTimings.Of(bi, null, false), RelativeTimings.Of(ci, null, false), confidence).Estimate);
                for (int j = i + 1; j < controls.Count; j++)
                {
                    var bj = controls[j];
                    var cj = c.Variant(bj.Name)!;
                    double[] x = RelativeTimings.Of(bi, bj, b.Interleaved), y = RelativeTimings.Of(ci, cj, c.Interleaved);
                    relative.Add(Math.Abs(ShiftStatistics.Estimate(x, y, confidence).Estimate));
                }
            }
        }
        double machine = absolute.Count == 0 ? 0 : Quantile(absolute, 0.5);
        var residual = absolute.Select(a => Math.Abs(a - machine)).ToList();
        return new NoiseFloor(Quantile(relative, GateSettings.NoiseQuantile), relative.Count, machine, Quantile(residual, GateSettings.NoiseQuantile), absolute.Count);
    }

    private static double Quantile(List<double> values, double q)
    {
        if (values.Count == 0) return 0;
        values.Sort();
        double h = (values.Count - 1) * q;
        int lo = (int)Math.Floor(h), hi = Math.Min(lo + 1, values.Count - 1);
        return values[lo] + (h - lo) * (values[hi] - values[lo]);
    }
}
