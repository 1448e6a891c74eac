using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Kernels.Bench.Machine;
using Kernels.Bench.Workloads;

namespace Kernels.Bench.Quick;

/// <summary>The one table of the quick mode, for the console (aligned columns) and for Markdown.</summary>
internal static class QuickTable
{
    private static readonly string[] s_header =
        ["Kernel", "Shape", "Level", "Naive", "SIMD", "Speedup", "Throughput", "% peak", "OK", "Others (time ÷ SIMD)"];

    private const string LatencyHeader = "Latency p50 / p99";

    /// <summary>Renders the summary table of <paramref name="run"/>, followed by a legend.</summary>
    public static string Render(BenchRun run, bool markdown)
    {
        // The latency column appears when some case reports single-call latencies (the MLP's batch-1 inference); the
        // baseline's column, named after it, when some case has OpenBLAS.
        bool latency = run.Cases.Any(c => c.Latency is not null);
        bool blas = run.Cases.Any(c => c.Variants.Any(v => v.Kind == VariantKind.OpenBlas && !double.IsNaN(v.MedianNs)));
        var header = latency ? s_header.Take(8).Append(LatencyHeader).Concat(s_header.Skip(8)).ToArray() : s_header;
        if (blas) header = [.. header[..^1], $"{run.BaselineName} ÷ SIMD", header[^1]];
        int lastNumeric = latency ? 8 : 7, blasIndex = blas ? header.Length - 2 : -1;
        bool Right(int i) => i >= 3 && i <= lastNumeric || i == blasIndex;
        var rows = run.Cases.Select(c => Row(c, run.Peaks, latency, blas)).ToList();
        var sb = new StringBuilder();
        if (markdown)
        {
            sb.AppendLine("| " + string.Join(" | ", header) + " |");
            sb.AppendLine("|" + string.Join("|", header.Select((_, i) => Right(i) ? "---:" : "---")) + "|");
            foreach (var r in rows) sb.AppendLine("| " + string.Join(" | ", r) + " |");
        }
        else
        {
            int[] width = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
            string Line(IReadOnlyList<string> cells) => string.Join("  ", cells.Select((c, i) => Right(i) ? c.PadLeft(width[i]) : c.PadRight(width[i]))).TrimEnd();
            sb.AppendLine(Line(header));
            sb.AppendLine(new string('-', width.Sum() + 2 * (width.Length - 1)));
            string? lastKernel = null;
            foreach (var (r, c) in rows.Zip(run.Cases))
            {
                string family = c.Profile.Kernel.Split('.')[0];
                if (lastKernel is not null && family != lastKernel) sb.AppendLine();
                lastKernel = family;
                sb.AppendLine(Line(r));
            }
        }
        sb.AppendLine();
        sb.AppendLine("Naive = the scalar reference loop; SIMD = Kernels on its default path; medians per call. Throughput = bytes a call");
        sb.AppendLine("must move ÷ time (GB/s), or FLOPs ÷ time (GFLOPS). % peak = of the bandwidth measured at that level for the same");
        sb.AppendLine("access pattern (or of the FMA peak). OK = Kernels matched the naive result within the unit tests' bound on every");
        sb.AppendLine("path checked, and so did the baseline (OpenBLAS). Others: their time ÷ SIMD's, so above 1× Kernels is faster");
        sb.AppendLine("(TP = TensorPrimitives). – = not timed in this mode (one call takes over 0.4 s; see results.md). Float unless the");
        sb.AppendLine("kernel says otherwise. Gemm shapes are m×n×k; Gemm.Mlp and Gemm.Small ones (rows×cols)·(rows×cols) as the operands");
        sb.AppendLine("are stored, ᵀ marking a transposed one. A case on 2 threads is compared with Kernels on 1 thread, and its % peak is");
        sb.AppendLine("of 2 cores' peak.");
        if (blas)
        {
            sb.AppendLine($"{run.BaselineName} ÷ SIMD: the baseline's time ÷ Kernels', one thread (above 1× Kernels is faster); where m = 1 the");
            sb.AppendLine("faster of OpenBLAS's gemm and gemv, where k = 1 of gemm and ger (marked when gemv or ger was).");
            if (run.Baseline is { } b) sb.AppendLine($"Core {b.Core}: {b.Reason}.");
            if (run.Baseline?.Note is { } note) sb.AppendLine("NOTE: " + note + ".");
        }
        sb.AppendLine("Mlp: " + MlpModel.Description + ", one thread; Step = forward + backward + update; naive = the");
        sb.AppendLine("per-neuron network; Predict = one sample; OpenBLAS = the same forward pass on sgemv (Predict) or sgemm");
        sb.AppendLine("(Forward) per layer, bias and activation by TensorPrimitives.");
        sb.AppendLine("Serving: the same ONNX file run by Kernels (LoadOnnx; Predict at batch 1, Forward above) and ONNX Runtime (1 thread,");
        sb.AppendLine("all optimisations): Run = its plain API, prealloc = Run on OrtValues made once, binding = RunWithBinding. Load:");
        sb.AppendLine("LoadOnnx against InferenceSession creation; naive = Network.Load of the same weights as .kmlp.");
        if (latency)
            sb.AppendLine("Latency: single calls timed one by one (percentiles of calls, not of batch means; see the notes and results.md).");
        return sb.ToString();
    }

    private static string[] Row(CaseResult c, PeakResults peaks, bool latencyColumn, bool blasColumn)
    {
        var p = c.Profile;
        double naive = c.Variant("naive")?.MedianNs ?? double.NaN;
        double simd = c.Variant("kernels")?.MedianNs ?? double.NaN;
        (string throughput, double fraction) = Throughput(p, simd, peaks);
        string others = string.Join(" ", c.Variants
            .Where(v => v.Kind is VariantKind.TensorPrimitives or VariantKind.TwoPass or VariantKind.OneThread or VariantKind.OtherLoop or VariantKind.OnnxRuntime
                        || v.Kind == VariantKind.OpenBlas && !blasColumn)
            .Where(v => !double.IsNaN(v.MedianNs))
            .Select(v => $"{Short(v.Name)} {Format.Ratio(v.MedianNs / simd)}"));
        List<string> cells =
        [
            p.Type == "float" ? p.Kernel : $"{p.Kernel} ({p.Type})", p.Shape, p.Level.ToString(), Format.Time(naive), Format.Time(simd), Format.Ratio(naive / simd),
            throughput, Format.Percent(fraction), c.AllChecksPassed ? "✓" : "✗",
        ];
        if (blasColumn) cells.Add(BaselineRatio(c, simd));
        cells.Add(others);
        if (latencyColumn)
            cells.Insert(8, c.Latency is { } l ? $"{Format.Time(l.P50Ns)} / {Format.Time(l.P99Ns)}" : "");
        return [.. cells];
    }

    /// <summary>The baseline's time ÷ Kernels': of the fastest OpenBLAS variant (gemm, gemv or ger), marked <c>gemv</c> or
    /// <c>ger</c> when it was one of those; empty when the case has none.</summary>
    /// <param name="c">The case.</param>
    /// <param name="simd">Kernels' median.</param>
    /// <returns>The cell.</returns>
    public static string BaselineRatio(CaseResult c, double simd)
    {
        ArgumentNullException.ThrowIfNull(c);
        var fastest = c.Variants.Where(v => v.Kind == VariantKind.OpenBlas && !double.IsNaN(v.MedianNs)).MinBy(v => v.MedianNs);
        if (fastest is null) return "";
        return Format.Ratio(fastest.MedianNs / simd) + (fastest.Name.EndsWith(" gemv", StringComparison.Ordinal) ? " gemv"
            : fastest.Name.EndsWith(" ger", StringComparison.Ordinal) ? " ger" : "");
    }

    /// <summary>Throughput text and fraction of peak for a median time (of as many cores' peak as the case has threads).</summary>
    public static (string Text, double Fraction) Throughput(WorkProfile p, double ns, PeakResults peaks)
    {
        if (p.Metric == PerformanceMetric.Flops)
        {
            double gflops = p.Flops / ns;
            return (Format.Sig3(gflops) + " GFLOPS", gflops / (peaks.FmaGflops(p.Type) * Math.Max(1, p.Threads)));
        }
        double gbps = p.Bytes / ns;
        return (Format.Sig3(gbps) + " GB/s", gbps / peaks.BandwidthGBps(p.Level, p.Pattern));
    }

    private static string Short(string variant) => variant switch
    {
        "TensorPrimitives" => "TP",
        _ when variant.StartsWith("OpenBLAS", StringComparison.Ordinal) => "BLAS" + (variant.EndsWith(" gemv", StringComparison.Ordinal) ? " gemv"
            : variant.EndsWith(" ger", StringComparison.Ordinal) ? " ger" : ""),
        "naive i-k-j" => "i-k-j",
        "kernels, 1 thread" => "1 thread",
        _ => variant,
    };
}
