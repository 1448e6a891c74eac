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
/// <param name="Absolute">Its own time, less the machine's drift; its limit is the threshold or, if more, how far the controls' own
/// times moved around that drift (code no Kernels change can move moves that much by itself).</param>
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
/// <param name="ByProcess">Whether a sample was a whole process (both sets held several runs) rather than a round.</param>
internal sealed record GateResult(IReadOnlyList<GateRow> Rows, NoiseFloor Noise, IReadOnlyList<string> FailedChecks, bool ByProcess = false)
{
    /// <summary>No regression and no failed check.</summary>
    public bool Passed => FailedChecks.Count == 0 && !Rows.Any(r => r.Gated && r.Verdict == Verdict.Regression);
}

/// <summary>
/// The regression gate: a Kernels variant regressed when its time relative to a control timed in the same rounds (see
/// <see cref="RelativeTimings"/>) grew beyond the threshold or, when the controls drifted further relative to each other
/// between the two sets, that drift; and a second view agrees: with several runs a side (the control then being the one
/// that tracks the variant best between processes), its time relative to the next such control; otherwise its own time,
/// less the machine's drift, grew beyond the threshold or, if more, the controls' own spread around that drift, and by
/// more than the control's own time moved.
/// </summary>
internal static class RegressionGate
{
    public static GateResult Judge(ResultSet baseline, ResultSet candidate, GateSettings settings)
    {
        bool byProcess = baseline.Processes > 1 && candidate.Processes > 1;
        SampleUnit before = new(baseline, byProcess), after = new(candidate, byProcess);
        var noise = MeasureNoise(baseline, candidate, settings.Confidence, before, after);
        double threshold = Math.Log(1 + settings.ThresholdPercent / 100);
        // One run a side cannot show what moves between processes: the controls' own spread stands in for it.
        double ratioLimit = Math.Max(threshold, byProcess ? noise.Relative : Math.Max(noise.Relative, noise.Absolute));
        var rows = new List<GateRow>();
        foreach (var (id, b) in baseline.Cases)
        {
            if (!candidate.Cases.TryGetValue(id, out var c)) continue;
            foreach (var judged in b.Variants.Where(v => !v.IsControl))
            {
                if (c.Variant(judged.Name) is not { } judgedNew) continue;
                // With several runs a side, the controls that track the variant best from one process to the next; else the
                // one nearest in time.
                var controls = byProcess ? StablestControls(judged, judgedNew, b, c, before, after) : [];
                var control = byProcess ? controls.FirstOrDefault() : RelativeTimings.ControlFor(judged, b, c);
                double[] timeBefore = before.Of(judged, null, false), timeAfter = after.Of(judgedNew, null, false);
                var absolute = Measure.Of(timeBefore, LessMachine(timeAfter, noise), Math.Max(threshold, noise.Absolute), settings.Confidence);
                Measure? relative = null;
                double controlChange = 0;
                if (control is not null)
                {
                    var controlNew = c.Variant(control.Name)!;
                    relative = Measure.Of(before.Of(judged, control, b.Interleaved), after.Of(judgedNew, controlNew, c.Interleaved),
                        ratioLimit, settings.Confidence);
                    controlChange = ShiftStatistics.Estimate(before.Of(control, null, false), LessMachine(after.Of(controlNew, null, false), noise),
                        settings.Confidence).Estimate;
                }
                // The ratio to the control cancels the machine but carries the control's own noise (a naive loop's speed
                // moves with where the JIT put it), so a second view must agree. With several runs a side: the ratio to the
                // next stablest control, its estimate beyond the limit (a control moving alone cannot fake a change against
                // another). Otherwise: the variant's own time less the machine's drift, beyond its limit and by more than
                // the control's own time moved.
                Measure? second = controls.Count > 1
                    ? Measure.Of(before.Of(judged, controls[1], b.Interleaved), after.Of(judgedNew, c.Variant(controls[1].Name)!, c.Interleaved),
                        ratioLimit, settings.Confidence)
                    : null;
                bool slower = relative is null ? absolute.Slower(settings.Alpha) : relative.Slower(settings.Alpha) && (second is not null
                    ? second.Change.Estimate > second.Limit
                    : absolute.Slower(settings.Alpha) && absolute.Change.Estimate > Math.Abs(controlChange));
                bool faster = relative is null ? absolute.Faster(settings.Alpha) : relative.Faster(settings.Alpha) && (second is not null
                    ? second.Change.Estimate < -second.Limit
                    : absolute.Faster(settings.Alpha) && -absolute.Change.Estimate > Math.Abs(controlChange));
                Verdict verdict = ShiftStatistics.SmallestP(timeBefore.Length, timeAfter.Length) >= settings.Alpha ? Verdict.TooFewSamples
                    : slower ? Verdict.Regression : faster ? Verdict.Faster : Verdict.Same;
                rows.Add(new GateRow(id, judged.Name, control?.Name, RelativeTimings.Median(judged.SamplesNs), RelativeTimings.Median(judgedNew.SamplesNs),
                    relative, absolute, controlChange, verdict, settings.GateForcedPaths || !judged.IsForcedPath));
            }
        }
        return new GateResult(rows, noise, candidate.FailedChecks, byProcess);
    }

    /// <summary>
    /// The case's controls in both sets, the one whose ratio to <paramref name="judged"/> moved least from one process to
    /// the next first (mean absolute deviation from each set's median, pooled).
    /// </summary>
    private static List<VariantTimings> StablestControls(VariantTimings judged, VariantTimings judgedNew, CaseTimings b, CaseTimings c,
        SampleUnit before, SampleUnit after)
    {
        double Spread(VariantTimings control)
        {
            double[] x = before.Of(judged, control, b.Interleaved), y = after.Of(judgedNew, c.Variant(control.Name)!, c.Interleaved);
            double mx = RelativeTimings.Median(x), my = RelativeTimings.Median(y);
            return (x.Sum(v => Math.Abs(v - mx)) + y.Sum(v => Math.Abs(v - my))) / Math.Max(1, x.Length + y.Length);
        }
        return b.Variants.Where(v => v.IsControl && c.Variant(v.Name) is { IsControl: true })
            .OrderBy(Spread).ThenBy(v => v.Name, StringComparer.Ordinal).ToList();
    }

    private static double[] LessMachine(double[] logTimes, NoiseFloor noise) => logTimes.Select(t => t - noise.Machine).ToArray();

    /// <summary>How far the controls moved between the sets: relative to each other within a case, and in time, as a whole and around that.</summary>
    private static NoiseFloor MeasureNoise(ResultSet baseline, ResultSet candidate, double confidence, SampleUnit before, SampleUnit after)
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
                absolute.Add(ShiftStatistics.Estimate(before.Of(bi, null, false), after.Of(ci, null, false), confidence).Estimate);
                for (int j = i + 1; j < controls.Count; j++)
                {
                    var bj = controls[j];
                    var cj = c.Variant(bj.Name)!;
                    double[] x = before.Of(bi, bj, b.Interleaved), y = after.Of(ci, cj, c.Interleaved);
                    relative.Add(Math.Abs(ShiftStatistics.Estimate(x, y, confidence).Estimate));
                }
            }
        }
        double machine = absolute.Count == 0 ? 0 : Quantile(absolute, 0.5);
        var residual = absolute.Select(a => Math.Abs(a - machine)).ToList();
        return new NoiseFloor(Quantile(relative, GateSettings.NoiseQuantile), relative.Count, machine, Quantile(residual, GateSettings.NoiseQuantile), absolute.Count);
    }

    /// <summary>
    /// What one sample of a variant of a set is: a round, or, when both sets hold several runs, a whole process
    /// (its median; a time less how much slower that process ran, see <see cref="RelativeTimings.ProcessOffsets"/>). A
    /// variant's speed also moves from one process to the next (where the JIT put the code, where the buffers landed), and
    /// rounds of one process cannot show that; processes can, so with several runs on each side the tests count them.
    /// </summary>
    private sealed class SampleUnit(ResultSet set, bool byProcess)
    {
        private readonly double[]? _offsets = byProcess ? RelativeTimings.ProcessOffsets(set) : null;

        public double[] Of(VariantTimings variant, VariantTimings? control, bool interleaved) => _offsets is not null
            ? RelativeTimings.OfEachProcess(variant, control, interleaved, control is null ? _offsets : null)
            : RelativeTimings.Of(variant, control, interleaved);
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
