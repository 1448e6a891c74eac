using System;
using System.Globalization;

namespace Kernels.Bench.Quick;

/// <summary>Number formatting shared by the tables.</summary>
internal static class Format
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    /// <summary>A duration in ns, µs, ms or s with three significant digits.</summary>
    public static string Time(double ns)
    {
        if (double.IsNaN(ns)) return "–";
        (double v, string unit) = ns switch
        {
            < 1e3 => (ns, "ns"),
            < 1e6 => (ns / 1e3, "µs"),
            < 1e9 => (ns / 1e6, "ms"),
            _ => (ns / 1e9, "s"),
        };
        return Sig3(v) + " " + unit;
    }

    /// <summary>Three significant digits, no exponent.</summary>
    public static string Sig3(double v) =>
        double.IsNaN(v) ? "–"
        : Math.Abs(v) >= 100 ? v.ToString("F0", s_inv)
        : Math.Abs(v) >= 10 ? v.ToString("F1", s_inv)
        : v.ToString("F2", s_inv);

    /// <summary>A ratio such as <c>1.23×</c>.</summary>
    public static string Ratio(double r) => double.IsNaN(r) ? "–" : Sig3(r) + "×";

    /// <summary>A percentage such as <c>87%</c>.</summary>
    public static string Percent(double fraction) => double.IsNaN(fraction) ? "–" : (fraction * 100).ToString("F0", s_inv) + "%";

    /// <summary>A signed percentage change such as <c>+3.1%</c>.</summary>
    public static string Change(double ratio) => double.IsNaN(ratio) ? "–" : ((ratio - 1) * 100).ToString("+0.0;-0.0;0.0", s_inv) + "%";
}
