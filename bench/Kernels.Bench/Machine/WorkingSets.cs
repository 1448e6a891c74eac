using System;
using Kernels.Platform;

namespace Kernels.Bench.Machine;

/// <summary>
/// The nominal working-set size used for each memory level, by the kernels and by the peak measurement alike, so a kernel
/// is always compared with a peak measured at the same footprint.
/// </summary>
/// <remarks>
/// The sizes fit the smallest caches common on current x64 and ARM64 cores (32 KiB L1d, 512 KiB L2) with room to spare,
/// and put the DRAM case at several times a typical last-level cache: 24 KiB, 384 KiB, 12 MiB and 96 MiB.
/// </remarks>
public static class WorkingSets
{
    /// <summary>The working-set size in bytes for <paramref name="level"/>.</summary>
    /// <param name="level">The memory level.</param>
    /// <returns>The number of bytes every stream of a kernel at that level adds up to.</returns>
    public static long Bytes(MemoryLevel level) => level switch
    {
        MemoryLevel.L1 => 24L << 10,
        MemoryLevel.L2 => 384L << 10,
        MemoryLevel.L3 => 12L << 20,
        MemoryLevel.Dram => 96L << 20,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };

    /// <summary>The number of elements per stream so that <paramref name="streams"/> streams of <paramref name="elementSize"/>-byte
    /// elements fill the working set of <paramref name="level"/>, rounded down to a multiple of 64.</summary>
    /// <param name="level">The memory level.</param>
    /// <param name="streams">How many arrays of that length the kernel touches.</param>
    /// <param name="elementSize">Bytes per element.</param>
    /// <returns>The element count.</returns>
    public static int Elements(MemoryLevel level, int streams, int elementSize) =>
        (int)(Bytes(level) / streams / elementSize) & ~63;

    /// <summary>The level a working set of <paramref name="bytes"/> bytes lives in on this machine, by its cache sizes.</summary>
    /// <param name="bytes">The working-set size.</param>
    /// <returns>The smallest level that holds it.</returns>
    public static MemoryLevel Classify(long bytes)
    {
        var caches = CacheSizes.Current;
        if (bytes <= caches.L1Data.Size) return MemoryLevel.L1;
        if (bytes <= caches.L2.Size) return MemoryLevel.L2;
        if (bytes <= caches.L3.Size) return MemoryLevel.L3;
        return MemoryLevel.Dram;
    }
}
