using System;
using System.Linq;
using Kernels.Bench.Quick;
using ScottPlot;

namespace Kernels.Bench.Chart;

/// <summary>Renders <see cref="ChartData"/> to a PNG with ScottPlot (SkiaSharp underneath; no display needed).</summary>
internal static class ChartWriter
{
    /// <summary>Writes the chart of <paramref name="run"/> to <paramref name="path"/>; returns the path, or null when there was
    /// nothing to plot or the native renderer could not load (the reason is printed).</summary>
    public static string? Write(BenchRun run, string path)
    {
        var data = ChartData.From(run);
        if (data is null) return null;
        try
        {
            Render(data, path);
            return path;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException)
        {
            Console.WriteLine($"chart skipped: the SkiaSharp native library could not load ({e.GetBaseException().Message})");
            return null;
        }
    }

    private static void Render(ChartData data, string path)
    {
        var plot = new Plot();
        plot.Title(data.Title);
        plot.Axes.Bottom.Label.Text = data.XLabel + " (log scale)";
        plot.Axes.Left.Label.Text = data.YLabel;

        var palette = new ScottPlot.Palettes.Category10();
        int colour = 0;
        foreach (var s in data.Series)
        {
            var xs = s.X.Select(Math.Log2).ToArray();
            var line = plot.Add.Scatter(xs, s.Y, s.IsPeak ? Colors.Black : palette.GetColor(colour++));
            line.LegendText = s.Name;
            line.LineWidth = s.IsPeak ? 1.5f : 2.5f;
            line.MarkerSize = s.IsPeak ? 0 : 8;
            if (s.IsPeak) line.LinePattern = LinePattern.Dashed;
        }
        LinePattern[] patterns = [LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed];
        for (int i = 0; i < data.PeakLines.Count; i++)
        {
            var (label, value) = data.PeakLines[i];
            var h = plot.Add.HorizontalLine(value, 1.5f, Colors.Black, patterns[i % patterns.Length]);
            h.LegendText = label;
        }

        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (var (x, label) in data.XTicks) ticks.AddMajor(Math.Log2(x), label);
        plot.Axes.Bottom.TickGenerator = ticks;

        double yMax = data.Series.SelectMany(s => s.Y).Concat(data.PeakLines.Select(p => p.Value)).Where(double.IsFinite).DefaultIfEmpty(1).Max();
        double xMin = data.XTicks.Min(t => Math.Log2(t.X)), xMax = data.XTicks.Max(t => Math.Log2(t.X));
        double pad = Math.Max(0.5, (xMax - xMin) * 0.06);
        plot.Axes.SetLimits(xMin - pad, xMax + pad, 0, yMax * 1.12);
        plot.ShowLegend(Edge.Right);
        plot.SavePng(path, 1600, 800);
    }
}
