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
