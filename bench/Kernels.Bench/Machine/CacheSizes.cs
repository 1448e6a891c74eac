using System;
using System.Globalization;
using System.IO;
using System.Runtime.Intrinsics.X86;

namespace Kernels.Bench.Machine;

/// <summary>The data-cache sizes of one core, in bytes, and where they were read from.</summary>
/// <param name="L1Data">Level-1 data cache.</param>
/// <param name="L2">Level-2 cache.</param>
/// <param name="L3">Last-level cache (as seen by one core).</param>
/// <param name="Source">Where the figures come from: <c>sysfs</c>, <c>cpuid</c>, or <c>assumed</c> for any that could not be read.</param>
public sealed record CacheSizes(long L1Data, long L2, long L3, string Source)
{
    private const long DefaultL1 = 32L << 10, DefaultL2 = 512L << 10, DefaultL3 = 32L << 20;

    /// <summary>Reads the cache sizes from Linux sysfs, else from CPUID on x64, else assumes 32 KiB / 512 KiB / 32 MiB.</summary>
    /// <returns>The sizes.</returns>
    /// <remarks>Virtual machines often hide sysfs cache entries and report odd CPUID values; an L3 above 256 MiB is taken as
    /// not reported.</remarks>
    public static CacheSizes Detect()
    {
        long l1 = 0, l2 = 0, l3 = 0;
        string source = "assumed";
        if (TryReadSysfs(ref l1, ref l2, ref l3)) source = "sysfs";
        else if (TryReadCpuid(ref l1, ref l2, ref l3)) source = "cpuid";
        if (l3 > 256L << 20) l3 = 0;
        bool assumed = l1 == 0 || l2 == 0 || l3 == 0;
        if (l1 == 0) l1 = DefaultL1;
        if (l2 == 0) l2 = DefaultL2;
        if (l3 == 0) l3 = DefaultL3;
        if (assumed && source != "assumed") source += " (some assumed)";
        return new CacheSizes(l1, l2, l3, source);
    }

    /// <summary>A short description, e.g. <c>L1d 48 KiB, L2 1 MiB, L3 32 MiB (cpuid)</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"L1d {Format(L1Data)}, L2 {Format(L2)}, L3 {Format(L3)} ({Source})";

    /// <summary>Formats a byte count in KiB, MiB or GiB.</summary>
    /// <param name="bytes">The count.</param>
    /// <returns>The text.</returns>
    public static string Format(long bytes) =>
        bytes >= 1L << 30 && bytes % (1L << 30) == 0 ? $"{bytes >> 30} GiB"
        : bytes >= 1L << 20 && bytes % (1L << 20) == 0 ? $"{bytes >> 20} MiB"
        : bytes >= 1L << 10 && bytes % (1L << 10) == 0 ? $"{bytes >> 10} KiB"
        : bytes.ToString(CultureInfo.InvariantCulture) + " B";

    private static bool TryReadSysfs(ref long l1, ref long l2, ref long l3)
    {
        const string root = "/sys/devices/system/cpu/cpu0/cache";
        if (!Directory.Exists(root)) return false;
        bool any = false;
        try
        {
            foreach (string dir in Directory.GetDirectories(root, "index*"))
            {
                string type = File.ReadAllText(Path.Combine(dir, "type")).Trim();
                if (type == "Instruction") continue;
                int level = int.Parse(File.ReadAllText(Path.Combine(dir, "level")).Trim(), CultureInfo.InvariantCulture);
                long size = ParseSize(File.ReadAllText(Path.Combine(dir, "size")).Trim());
                if (level == 1) l1 = size; else if (level == 2) l2 = size; else if (level == 3) l3 = size;
                any = true;
            }
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
        catch (FormatException) { return false; }
        return any;
    }

    private static long ParseSize(string text)
    {
        long mult = 1;
        if (text.EndsWith('K')) { mult = 1L << 10; text = text[..^1]; }
        else if (text.EndsWith('M')) { mult = 1L << 20; text = text[..^1]; }
        return long.Parse(text, CultureInfo.InvariantCulture) * mult;
    }

    private static bool TryReadCpuid(ref long l1, ref long l2, ref long l3)
    {
        if (!X86Base.IsSupported) return false;
        (int _, int vb, int vc, int vd) = X86Base.CpuId(0, 0);
        bool amd = vb == 0x68747541 && vd == 0x69746E65 && vc == 0x444D4163; // "AuthenticAMD"
        (int maxExt, _, _, _) = X86Base.CpuId(unchecked((int)0x80000000), 0);
        if (amd && (uint)maxExt >= 0x80000006)
        {
            (_, _, int c5, _) = X86Base.CpuId(unchecked((int)0x80000005), 0);
            (_, _, int c6, int d6) = X86Base.CpuId(unchecked((int)0x80000006), 0);
            l1 = (long)((uint)c5 >> 24) << 10;
            l2 = (long)((uint)c6 >> 16) << 10;
            l3 = (long)((uint)d6 >> 18) * (512L << 10);
            return l1 > 0;
        }
        // Intel and others: deterministic cache parameters, leaf 4.
        for (int i = 0; i < 8; i++)
        {
            (int a, int b, int c, _) = X86Base.CpuId(4, i);
            int type = a & 31;
            if (type == 0) break;
            if (type == 2) continue; // instruction cache
            int level = (a >> 5) & 7;
            long size = (long)(((b >> 22) & 0x3FF) + 1) * (((b >> 12) & 0x3FF) + 1) * ((b & 0xFFF) + 1) * ((long)(uint)c + 1);
            if (level == 1) l1 = size; else if (level == 2) l2 = size; else if (level == 3) l3 = size;
        }
        return l1 > 0;
    }
}
