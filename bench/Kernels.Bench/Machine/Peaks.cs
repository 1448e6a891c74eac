using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Runtime.Intrinsics;
using Kernels.Bench.Native;
using Kernels.Platform;

namespace Kernels.Bench.Machine;

/// <summary>One measured FMA throughput: element type, vector width and GFLOPS on one core.</summary>
/// <param name="Type"><c>float</c> or <c>double</c>.</param>
/// <param name="VectorBits">128, 256 or 512.</param>
/// <param name="Gflops">Billions of floating-point operations per second (an FMA counts 2).</param>
public sealed record FmaPeak(string Type, int VectorBits, double Gflops);

/// <summary>One measured streaming bandwidth: level, access pattern, vector width and GB/s on one core.</summary>
/// <param name="Level">The memory level the working set was sized for (see <see cref="WorkingSets"/>).</param>
/// <param name="Pattern">Read (sum), copy, triad (z = x·y), update in place (a = s·a) or read-update (y += x).</param>
/// <param name="VectorBits">The vector width of the loop.</param>
/// <param name="GBps">Bytes read plus bytes written, per nanosecond: the best of plain and (at L3 and DRAM, for copy and triad)
/// non-temporal stores.</param>
public sealed record BandwidthPeak(MemoryLevel Level, AccessPattern Pattern, int VectorBits, double GBps);

/// <summary>
/// The machine's measured peaks on one core: FMA throughput and streaming bandwidth per memory level. The
/// "% of peak" columns divide by these.
/// </summary>
/// <param name="Fma">FMA throughput per type and vector width.</param>
/// <param name="Bandwidth">Bandwidth per level, pattern and width.</param>
/// <param name="LibraryVectorBits">The width the Kernels library uses on this machine (256 with AVX2, else 128).</param>
/// <param name="FmaVectorBits">The widest FMA code the library runs here: 512 where the best path is
/// <c>IsaPath.Vector512</c> (GEMM runs 512-bit tiles), else <paramref name="LibraryVectorBits"/>. The FMA peak used for "% of peak" is the
/// one at this width.</param>
public sealed record PeakResults(IReadOnlyList<FmaPeak> Fma, IReadOnlyList<BandwidthPeak> Bandwidth, int LibraryVectorBits, int FmaVectorBits)
{
    /// <summary>The FMA peak in GFLOPS at <see cref="FmaVectorBits"/> for <paramref name="type"/> (<c>float</c> or <c>double</c>), or NaN.</summary>
    /// <param name="type">The element type name.</param>
    /// <returns>GFLOPS.</returns>
    public double FmaGflops(string type) =>
        Fma.Where(p => p.Type == type && p.VectorBits == FmaVectorBits).Select(p => p.Gflops).DefaultIfEmpty(double.NaN).Max();

    /// <summary>The best bandwidth measured at <paramref name="level"/> for <paramref name="pattern"/>, over every vector width
    /// the process could use (the machine's peak, not the library's), or NaN.</summary>
    /// <param name="level">The level.</param>
    /// <param name="pattern">The access pattern.</param>
    /// <returns>GB/s.</returns>
    public double BandwidthGBps(MemoryLevel level, AccessPattern pattern) =>
        Bandwidth.Where(p => p.Level == level && p.Pattern == pattern).Select(p => p.GBps).DefaultIfEmpty(double.NaN).Max();

    /// <summary>The peaks as Markdown lines, for report headers.</summary>
    /// <returns>The lines.</returns>
    public IEnumerable<string> ToMarkdownLines()
    {
        yield return "- FMA peak, one core: " + string.Join("; ", Fma.Select(p => $"{p.Type} V{p.VectorBits} {p.Gflops:F1} GFLOPS"))
                     + $" (\"% of peak\" uses V{FmaVectorBits}, the widest the library's FMA code runs here)";
        foreach (var level in Bandwidth.Select(b => b.Level).Distinct())
        {
            var parts = Bandwidth.Where(b => b.Level == level)
                .GroupBy(b => b.Pattern)
                .Select(g => $"{g.Key} {string.Join("/", g.OrderBy(b => b.VectorBits).Select(b => $"{b.GBps:F0}"))}");
            string widths = string.Join("/", Bandwidth.Where(b => b.Level == level).Select(b => "V" + b.VectorBits).Distinct());
            yield return $"- Bandwidth {level} ({CacheSizes.Format(WorkingSets.Bytes(level))}), GB/s at {widths}: {string.Join("; ", parts)}";
        }
    }
}

/// <summary>Measures <see cref="PeakResults"/>: a few seconds in the normal configuration, well under one in the smoke one.</summary>
public static class Peaks
{
    /// <summary>Measures the FMA and bandwidth peaks of one core.</summary>
    /// <param name="smoke">Take few samples (for the CI smoke run); figures are rough.</param>
    /// <param name="levels">Memory levels to measure bandwidth at.</param>
    /// <returns>The peaks.</returns>
    public static PeakResults Measure(bool smoke, IEnumerable<MemoryLevel> levels)
    {
        int libraryBits = Isa.Best == IsaPath.Vector256 ? 256 : 128;
        var widths = new List<int>();
        if (Vector128.IsHardwareAccelerated) widths.Add(128);
        if (Vector256.IsHardwareAccelerated) widths.Add(256);
        if (Vector512.IsHardwareAccelerated) widths.Add(512);

        var fma = new List<FmaPeak>();
        if (Isa.HasFusedMultiplyAdd)
        {
            foreach (int bits in widths.Where(b => b >= libraryBits))
            {
                fma.Add(new FmaPeak("float", bits, MeasureFma<float>(bits, smoke)));
                fma.Add(new FmaPeak("double", bits, MeasureFma<double>(bits, smoke)));
            }
        }

        var bandwidth = new List<BandwidthPeak>();
        foreach (MemoryLevel level in levels)
            foreach (AccessPattern pattern in Enum.GetValues<AccessPattern>())
                foreach (int bits in widths.Where(b => b >= libraryBits))
                {
                    double gbps = MeasureBandwidth(level, pattern, bits, smoke, nonTemporal: false);
                    // Beyond the caches, streaming stores (no read-for-ownership) are part of the machine's peak for
                    // patterns that write a separate stream; TensorPrimitives uses them for large outputs.
                    if (level is MemoryLevel.L3 or MemoryLevel.Dram && pattern is AccessPattern.Copy or AccessPattern.Triad)
                        gbps = Math.Max(gbps, MeasureBandwidth(level, pattern, bits, smoke, nonTemporal: true));
                    bandwidth.Add(new BandwidthPeak(level, pattern, bits, gbps));
                }
        return new PeakResults(fma, bandwidth, libraryBits, Isa.Best == IsaPath.Vector512 ? 512 : libraryBits);
    }

    private static double MeasureFma<T>(int bits, bool smoke) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        T m = T.CreateTruncating(0.999999), c = T.CreateTruncating(1e-6);
        Func<long, T> run = bits switch
        {
            512 => n => PeakKernels.Fma512(n, m, c),
            256 => n => PeakKernels.Fma256(n, m, c),
            _ => n => PeakKernels.Fma128(n, m, c),
        };
        int lanes = bits / 8 / System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        long iterations = smoke ? 100_000 : 1_000_000;
        run(1000);
        double best = 0;
        for (int s = 0; s < (smoke ? 3 : 9); s++)
        {
            long t0 = Stopwatch.GetTimestamp();
            run(iterations);
            double ns = Stopwatch.GetElapsedTime(t0).TotalNanoseconds;
            best = Math.Max(best, iterations * 12.0 * 2 * lanes / ns);
        }
        return best;
    }

    private static unsafe double MeasureBandwidth(MemoryLevel level, AccessPattern pattern, int bits, bool smoke, bool nonTemporal)
    {
        int streams = pattern switch { AccessPattern.Read or AccessPattern.Update => 1, AccessPattern.Copy or AccessPattern.ReadUpdate => 2, _ => 3 };
        int n = WorkingSets.Elements(level, streams, sizeof(float)) & ~127;
        using var a = new AlignedBuffer<float>(n);
        using var b = new AlignedBuffer<float>(streams >= 2 ? n : 0);
        using var c = new AlignedBuffer<float>(streams >= 3 ? n : 0);
        a.Span.Fill(1.0f);
        b.Span.Fill(1.0f);
        float* pa = a.Pointer, pb = b.Pointer, pc = c.Pointer;
        float sink = 0;
        void Pass()
        {
            switch (pattern)
            {
                case AccessPattern.Read: sink += PeakKernels.Read(bits, pa, (nuint)n); break;
                case AccessPattern.Copy when nonTemporal: PeakKernels.CopyNonTemporal(bits, pa, pb, (nuint)n); break;
                case AccessPattern.Copy: PeakKernels.Copy(bits, pa, pb, (nuint)n); break;
                case AccessPattern.Update: PeakKernels.Update(bits, pa, (nuint)n); break;
                case AccessPattern.ReadUpdate: PeakKernels.ReadUpdate(bits, pa, pb, (nuint)n); break;
                case AccessPattern.Triad when nonTemporal: PeakKernels.TriadNonTemporal(bits, pa, pb, pc, (nuint)n); break;
                default: PeakKernels.Triad(bits, pa, pb, pc, (nuint)n); break;
            }
        }
        int bytesPerElement = sizeof(float) * pattern switch
        {
            AccessPattern.Read => 1, AccessPattern.Copy => 2, AccessPattern.Update => 2, AccessPattern.ReadUpdate => 3, _ => 3,
        };
        double bytesPerPass = (double)n * bytesPerElement;
        // Passes per sample so that a sample lasts about a millisecond or more.
        int passes = (int)Math.Clamp(WorkingSets.Bytes(SampleLevel) / bytesPerPass, 1, 1 << 16);
        for (int i = 0; i < Math.Max(2, passes); i++) Pass();
        double best = 0;
        int samples = smoke ? 3 : level == MemoryLevel.Dram ? 8 : 15;
        for (int s = 0; s < samples; s++)
        {
            long t0 = Stopwatch.GetTimestamp();
            for (int p = 0; p < passes; p++) Pass();
            double ns = Stopwatch.GetElapsedTime(t0).TotalNanoseconds;
            best = Math.Max(best, bytesPerPass * passes / ns);
        }
        GC.KeepAlive(sink);
        return best;
    }

    // A sample streams about as much as the L3 working set (12 MiB): ~0.1–1 ms in cache, one pass or more in DRAM.
    private const MemoryLevel SampleLevel = MemoryLevel.L3;
}
