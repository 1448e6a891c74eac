using System;
using System.Globalization;
using System.IO;
using System.Runtime.Intrinsics.X86;

namespace Kernels.Platform;

/// <summary>One level of data cache as one core sees it.</summary>
/// <param name="Size">Capacity in bytes.</param>
/// <param name="Ways">Associativity (lines per set).</param>
/// <param name="LineSize">Line size in bytes.</param>
internal readonly record struct CacheLevel(long Size, int Ways, int LineSize)
{
    /// <summary>The span of addresses that map onto every set once (size ÷ ways): rows whose pitch is a multiple of it
    /// all land in one set.</summary>
    public long WaySize => Ways > 0 ? Size / Ways : Size;
}

/// <summary>
/// The data caches of the core the process runs on: read once at start-up from Linux sysfs, else from CPUID on x64
/// (leaf 4, or 0x8000001D on AMD), else assumed; each level missing from the source is assumed alone.
/// </summary>
/// <param name="L1Data">Level-1 data cache.</param>
/// <param name="L2">Level-2 cache.</param>
/// <param name="L3">Last-level cache (shared, as one core sees it).</param>
/// <param name="Source">Where the figures come from: <c>sysfs</c>, <c>cpuid</c> or <c>assumed</c>, with a note when some were assumed.</param>
internal sealed record CacheSizes(CacheLevel L1Data, CacheLevel L2, CacheLevel L3, string Source)
{
    /// <summary>What a core of the last decade has, roughly: what is assumed where nothing can be read.</summary>
    public static CacheSizes Assumed { get; } = new(new(32 << 10, 8, 64), new(512 << 10, 8, 64), new(32L << 20, 16, 64), "assumed");

    /// <summary>This machine's caches.</summary>
    public static CacheSizes Current { get; } = Detect();

    /// <summary>A short description, e.g. <c>L1d 32 KiB 8-way, L2 512 KiB 8-way, L3 32 MiB 16-way (sysfs)</c>.</summary>
    public override string ToString() =>
        $"L1d {Format(L1Data.Size)} {L1Data.Ways}-way, L2 {Format(L2.Size)} {L2.Ways}-way, L3 {Format(L3.Size)} {L3.Ways}-way ({Source})";

    /// <summary>Formats a byte count in KiB, MiB or GiB.</summary>
    public static string Format(long bytes) =>
        bytes >= 1L << 30 && bytes % (1L << 30) == 0 ? $"{bytes >> 30} GiB"
        : bytes >= 1L << 20 && bytes % (1L << 20) == 0 ? $"{bytes >> 20} MiB"
        : bytes >= 1L << 10 && bytes % (1L << 10) == 0 ? $"{bytes >> 10} KiB"
        : bytes.ToString(CultureInfo.InvariantCulture) + " B";

    /// <summary>Reads the caches (see the type's summary). Never throws.</summary>
    public static CacheSizes Detect()
    {
        var levels = new CacheLevel[4];
        string source = "assumed";
        try
        {
            if (ReadSysfs(levels)) source = "sysfs";
            else if (ReadCpuid(levels)) source = "cpuid";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or OverflowException)
        {
            Array.Clear(levels);
        }
        return Complete(levels[1], levels[2], levels[3], source);
    }

    /// <summary>Fills levels that were not read (or read as nonsense) from <see cref="Assumed"/>.</summary>
    internal static CacheSizes Complete(CacheLevel l1, CacheLevel l2, CacheLevel l3, string source)
    {
        bool assumed = false;
        CacheLevel Sane(CacheLevel read, CacheLevel fallback, long max)
        {
            if (read.Size >= 1024 && read.Size <= max && read.Ways > 0 && read.LineSize >= 16)
                return read;
            assumed = true;
            return fallback;
        }
        // A virtual machine may report a host-wide L3 of gigabytes, or nothing at all.
        l1 = Sane(l1, Assumed.L1Data, 1L << 20);
        l2 = Sane(l2, Assumed.L2, 64L << 20);
        l3 = Sane(l3, Assumed.L3, 1L << 30);
        return new CacheSizes(l1, l2, l3, assumed && source != "assumed" ? source + ", some assumed" : source);
    }

    private static bool ReadSysfs(CacheLevel[] levels)
    {
        const string root = "/sys/devices/system/cpu/cpu0/cache";
        if (!OperatingSystem.IsLinux() || !Directory.Exists(root))
            return false;
        bool any = false;
        foreach (string dir in Directory.GetDirectories(root, "index*"))
        {
            if (File.ReadAllText(Path.Combine(dir, "type")).Trim() == "Instruction")
                continue;
            int level = int.Parse(File.ReadAllText(Path.Combine(dir, "level")).Trim(), CultureInfo.InvariantCulture);
            if (level is < 1 or > 3)
                continue;
            long size = ParseSize(File.ReadAllText(Path.Combine(dir, "size")).Trim());
            int ways = ReadInt(Path.Combine(dir, "ways_of_associativity"), 8);
            int line = ReadInt(Path.Combine(dir, "coherency_line_size"), 64);
            levels[level] = new CacheLevel(size, ways, line);
            any = true;
        }
        return any;
    }

    private static int ReadInt(string path, int fallback) =>
        File.Exists(path) && int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : fallback;

    private static long ParseSize(string text)
    {
        long unit = 1;
        if (text.EndsWith('K')) { unit = 1L << 10; text = text[..^1]; }
        else if (text.EndsWith('M')) { unit = 1L << 20; text = text[..^1]; }
        return checked(long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture) * unit);
    }

    // Deterministic cache parameters: Intel's leaf 4 and AMD's leaf 0x8000001D share one layout (type and level in EAX,
    // ways, partitions and line size in EBX, sets in ECX).
    private static bool ReadCpuid(CacheLevel[] levels)
    {
        if (!X86Base.IsSupported)
            return false;
        (int maxBasic, int vb, int vc, int vd) = X86Base.CpuId(0, 0);
        bool amd = vb == 0x68747541 && vd == 0x69746E65 && vc == 0x444D4163; // "AuthenticAMD"
        int leaf;
        if (amd)
        {
            (int maxExt, _, _, _) = X86Base.CpuId(unchecked((int)0x80000000), 0);
            (_, _, int ecx, _) = X86Base.CpuId(unchecked((int)0x80000001), 0);
            bool topology = (uint)maxExt >= 0x8000001D && (ecx & (1 << 22)) != 0;
            if (!topology)
                return false;
            leaf = unchecked((int)0x8000001D);
        }
        else if (maxBasic >= 4)
            leaf = 4;
        else
            return false;

        bool any = false;
        for (int i = 0; i < 16; i++)
        {
            (int a, int b, int c, _) = X86Base.CpuId(leaf, i);
            int type = a & 31;
            if (type == 0)
                break;
            if (type == 2)
                continue; // instruction cache
            int level = (a >> 5) & 7;
            if (level is < 1 or > 3)
                continue;
            int ways = ((b >> 22) & 0x3FF) + 1, partitions = ((b >> 12) & 0x3FF) + 1, line = (b & 0xFFF) + 1;
            long sets = (long)(uint)c + 1;
            levels[level] = new CacheLevel((long)ways * partitions * line * sets, ways, line);
            any = true;
        }
        return any;
    }
}
