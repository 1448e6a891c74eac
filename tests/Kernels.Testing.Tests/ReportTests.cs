using System;
using Xunit;

namespace Kernels.Testing.Tests;

public class ReportTests
{
    [Fact]
    public void A_ulp_report_names_the_index_both_values_the_ulps_the_bound_and_the_ratio()
    {
        float two = 2f, twoUlpsUp = MathF.BitIncrement(MathF.BitIncrement(two));
        var r = Compare.WithinUlps<float>([1f, two, 3f], [1f, twoUlpsUp, 3f], 1);
        string report = r.ToString();
        Assert.Equal(
            "FAILED (≤ 1 ulp): 1 of 3 elements beyond the allowance; " +
            "worst [1] expected 2 actual 2.0000005 (2 ulp, error 4.77E-07, bound 1, ratio 2); max 2 ulp; histogram 0:2 2:1",
            report);
    }

    [Fact]
    public void A_bound_report_shows_the_absolute_error_and_bound_and_doubles_in_full()
    {
        var r = Compare.WithinBound<double>([0.1, 10], [0.1, 10.5], [0.5, 0.25], "test bound");
        Assert.Equal(
            "FAILED (test bound): 1 of 2 elements beyond the allowance; " +
            "worst [1] expected 10 actual 10.5 (281474976710656 ulp, error 0.5, bound 0.25, ratio 2); max 281474976710656 ulp; histogram 0:1 256+:1",
            r.ToString());
        Assert.Equal("[0] expected 0.1 actual 0.1 (0 ulp, error 0, bound 0.5, ratio 0)",
            Compare.WithinBound<double>([0.1], [0.1], [0.5]).Worst!.Value.ToString());
    }

    [Fact]
    public void A_NaN_against_a_number_reads_as_infinitely_many_ulps()
    {
        var r = Compare.WithinUlps<float>([1f], [float.NaN], 4);
        Assert.Contains("[0] expected 1 actual NaN (∞ ulp, error ∞, bound 4, ratio ∞)", r.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ThrowIfFailed_throws_the_report_with_its_context_and_passes_quietly_otherwise()
    {
        var failed = Compare.Exact<float>([1f], [2f]);
        var ex = Assert.Throws<ComparisonException>(() => failed.ThrowIfFailed("my kernel, n=1"));
        Assert.StartsWith("my kernel, n=1: FAILED (exact): 1 of 1 elements", ex.Message, StringComparison.Ordinal);
        Assert.Same(failed, ex.Result);

        var passed = Compare.Exact<float>([1f], [1f]);
        Assert.Same(passed, passed.ThrowIfFailed("unused"));
        Assert.StartsWith("passed (exact): 0 of 1 elements", passed.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_comparison_passes_with_no_worst_element()
    {
        var r = Compare.WithinUlps<double>([], [], 0);
        Assert.True(r.Passed);
        Assert.Null(r.Worst);
        Assert.Equal(0, r.Count);
    }
}
