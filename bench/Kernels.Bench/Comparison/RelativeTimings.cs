using System;
using System.Collections.Generic;
using System.Linq;

namespace Kernels.Bench.Comparison;

/// <summary>
/// Timings expressed so that the machine's state cancels: log(variant ÷ control), where the control is code no change to
/// Kernels can move, timed in the same rounds.
/// </summary>
/// <remarks>
/// On a shared VM a whole run can be 15–35% slower than the next (neighbours, clock, the host's memory traffic); within one
/// quick-mode round every variant runs back to back, so a round's ratio to a control keeps the change of Kernels' code and
/// loses most of the machine's. Non-interleaved sets (BenchmarkDotNet's) divide by the control's median instead.
/// </remarks>
internal static class RelativeTimings
{
    /// <summary>log(<paramref name="variant"/> ÷ <paramref name="control"/>) per round, or per sample over the control's median.</summary>
    public static double[] Of(VariantTimings variant, VariantTimings? control, bool interleaved)
    {
        var v = variant.SamplesNs;
        if (control is null) return v.Select(t => Math.Log(t)).ToArray();
        var c = control.SamplesNs;
        if (interleaved && c.Count == v.Count)
            return v.Select((t, r) => Math.Log(t) - Math.Log(c[r])).ToArray();
        double median = Median(c.Select(t => Math.Log(t)).ToArray());
        return v.Select(t => Math.Log(t) - median).ToArray();
    }

    /// <summary>
    /// One value per process: the median of <see cref="Of"/> over that process's samples, less the process's entry of
    /// <paramref name="offsets"/> when given; processes lacking either variant are left out.
    /// </summary>
    public static double[] OfEachProcess(VariantTimings variant, VariantTimings? control, bool interleaved, IReadOnlyList<double>? offsets = null)
    {
        var v = variant.ByProcess();
        var c = control?.ByProcess();
        var values = new List<double>(v.Count);
        for (int p = 0; p < v.Count; p++)
        {
            if (v[p].Count == 0 || c is not null && (p >= c.Count || c[p].Count == 0)) continue;
            var part = variant with { SamplesNs = v[p], PerProcess = null };
            var controlPart = control is null ? null : control with { SamplesNs = c![p], PerProcess = null };
            values.Add(Median(Of(part, controlPart, interleaved)) - (offsets is null ? 0 : offsets[p]));
        }
        return [.. values];
    }

    /// <summary>
    /// How much slower each process of <paramref name="set"/> ran than the set's typical one (log): the median, over every
    /// control, of its median log-time in that process less its median over the processes. Every run of a set is timed at
    /// another moment, and this takes the moment out of a variant's own time as the per-round ratio does for a round.
    /// </summary>
    public static double[] ProcessOffsets(ResultSet set)
    {
        var deviations = new List<double>[set.Processes];
        for (int p = 0; p < set.Processes; p++) deviations[p] = [];
        foreach (var control in set.Cases.Values.SelectMany(c => c.Variants).Where(v => v.IsControl && v.PerProcess is not null))
        {
            var parts = control.ByProcess();
            var medians = parts.Select(part => part.Count == 0 ? double.NaN : Median(part.Select(t => Math.Log(t)).ToArray())).ToArray();
            double center = Median(medians.Where(m => !double.IsNaN(m)).ToArray());
            for (int p = 0; p < medians.Length && p < set.Processes; p++)
                if (!double.IsNaN(medians[p])) deviations[p].Add(medians[p] - center);
        }
        return deviations.Select(d => d.Count == 0 ? 0 : Median(d)).ToArray();
    }

    /// <summary>
    /// The control <paramref name="judged"/> is measured against: of the controls timed in both sets, the one whose
    /// baseline median is nearest <paramref name="judged"/>'s (a call of similar length shares more of the machine's
    /// disturbances: TensorPrimitives for an L1 kernel, OpenBLAS for GEMM, the naive loop where it is the only one); null
    /// when the case has none.
    /// </summary>
    public static VariantTimings? ControlFor(VariantTimings judged, CaseTimings baseline, CaseTimings candidate)
    {
        double target = Math.Log(Median(judged.SamplesNs));
        return baseline.Variants
            .Where(v => v.IsControl && candidate.Variant(v.Name) is { IsControl: true })
            .OrderBy(v => Math.Abs(Math.Log(Median(v.SamplesNs)) - target))
            .ThenBy(v => v.Name, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>The median (NaN when empty).</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return double.NaN;
        var s = values.Order().ToArray();
        int m = s.Length / 2;
        return s.Length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }
}
