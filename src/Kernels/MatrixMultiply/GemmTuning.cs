using System;
using System.Collections.Generic;
using System.Numerics;
using System.Runtime.CompilerServices;
using Kernels.Platform;

namespace Kernels.MatrixMultiply;

/// <summary>
/// Every number the GEMM planner uses (<see cref="GemmPlanner"/>), in one place, as BLIS keeps one context per
/// architecture: each micro-kernel's tile, the cache blocking derived from this machine's caches by the formulas in
/// <see cref="Blocking"/>, and the thresholds of the routing rules with the reason for each.
/// </summary>
/// <remarks>
/// The thresholds are measured constants: where they came from is in the history of the rule that uses them. The
/// blocking and the two pitch rules follow the caches, so another machine gets its own; on a core with 32 KiB L1d,
/// 512 KiB L2 and 32 MiB L3 they give BLIS's Zen figures (MC 144/72, KC 256, NC 4080).
/// </remarks>
internal sealed class GemmTuning
{
    // --- routes that need no micro-kernel -------------------------------------------------------------------------

    /// <summary>A product of at most this many multiply-adds (m·n·k) runs as a plain loop: set-up costs more than that.</summary>
    public const int TinyMaxWork = 32;

    /// <summary>…and at most this deep: each element is one dependent chain, and longer chains wait on FMA latency.</summary>
    public const int TinyMaxDepth = 16;

    /// <summary>Up to this many multiply-adds the plain loop still wins where C's rows are narrower than
    /// <see cref="TinyNarrowRowBytes"/> (the tiles would fill a vector of B partly), or where B is transposed and at most
    /// that wide (the tiles would pack it first)…</summary>
    public const int TinyNarrowMaxWork = 64;

    /// <summary>…at most this deep…</summary>
    public const int TinyNarrowMaxDepth = 8;

    /// <summary>…with rows of C of fewer bytes than this: one 256-bit vector.</summary>
    public const int TinyNarrowRowBytes = 32;

    /// <summary>k = 1 streams C row by row from this many columns; shorter rows go through the tiles.</summary>
    public const int RankOneMinColumns = 64;

    // --- choosing among the tiled routes ---------------------------------------------------------------------------

    /// <summary>m and n up to this (with k up to KC) run unpacked: packing cannot pay for itself on a product that fits in cache.</summary>
    public const int SmallDimension = 64;

    /// <summary>A C at most this many columns wide may run as dot products.</summary>
    public const int DotProductMaxColumns = 12;

    /// <summary>
    /// What the dot-product route costs per element of C beyond its multiply-adds (a reduction across lanes and a scalar
    /// store), in vectors' worth of multiply-add lanes: it wins when the tile's wasted lanes cost more than this.
    /// </summary>
    public const int DotProductLanesPerElement = 4;

    /// <summary>The same where the route must first copy op(B)ᵀ (B not stored transposed), which the tiles would read in
    /// place.</summary>
    public const int DotProductLanesPerElementCopying = 8;

    /// <summary>What storing one element of C through the transposed route costs (a scalar store through a scratch
    /// tile, and packing the transposed operand), in multiply-add lanes.</summary>
    public const int TransposedStoreLanes = 60;

    /// <summary>A last sliver at most 1/this of the tile wide runs as matrix–vector products: as a tile one vector wide it
    /// costs about as much as a whole one.</summary>
    public const int EdgeColumnsFraction = 8;

    /// <summary>A non-transposed B is packed only when more than this many MR-row tiles reuse each sliver.</summary>
    public const int PackBMinRowTiles = 4;

    /// <summary>A sliver of B that overfills the L1 sets it maps to, but less than <see cref="SevereCrowding"/> times,
    /// is packed only when more than this many row tiles reuse it: from L2 it still streams at the kernel's pace.</summary>
    public const int PackBCrowdedMinRowTiles = 8;

    /// <summary>Crowding of a sliver of B that falls in one or two L1 sets (a pitch of a multiple of half the L1 way).</summary>
    public const double SevereCrowding = 16;

    /// <summary>A non-transposed A is packed only when more than this many NR-wide slivers reuse each block.</summary>
    public const int PackAMinSlivers = 4;

    // --- threads -------------------------------------------------------------------------------------------------------

    /// <summary>Below this much work (m·n·k) handing ranges to another thread costs more than it gains.</summary>
    public const long ParallelMinWork = 128L * 128 * 128;

    /// <summary>Ranges per thread: enough that a slow thread's share can move to the others, few enough that each keeps
    /// whole blocks of work.</summary>
    public const int ChunksPerThread = 4;

    /// <summary>The dot-product route splits rows in units of its 4-row tile.</summary>
    public const int DotProductRowUnit = 4;

    // --- blocking ------------------------------------------------------------------------------------------------------

    /// <summary>KC at most this: longer k blocks only grow the packed panels; C is re-read once per block either way.</summary>
    public const int MaxKC = 256;

    /// <summary>NC at most this (rounded down to NR): wider panels only delay the first update of C.</summary>
    public const int MaxNC = 4080;

    /// <summary>Creates the tuning for the caches <paramref name="caches"/>.</summary>
    public GemmTuning(CacheSizes caches)
    {
        Caches = caches;
        int kernels = Enum.GetValues<GemmKernel>().Length;
        _blocking = new GemmBlocking[2 * kernels];
        for (int k = 0; k < kernels; k++)
        {
            _blocking[2 * k] = Derive((GemmKernel)k, 4);
            _blocking[2 * k + 1] = Derive((GemmKernel)k, 8);
        }
    }

    // Float and double blocking per kernel, derived once: a plan reads it on every call.
    private readonly GemmBlocking[] _blocking;

    /// <summary>The tuning of this machine.</summary>
    public static GemmTuning Current { get; } = new(CacheSizes.Current);

    /// <summary>The caches the blocking and the pitch rules derive from.</summary>
    public CacheSizes Caches { get; }

    /// <summary>
    /// How many times over a sliver of B read in place (<paramref name="rows"/> rows of <paramref name="rowBytes"/> at a
    /// pitch of <paramref name="pitchBytes"/>) fills the L1 sets its rows start in; above 1 the row tiles that reuse it
    /// fetch it again from L2.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double BSliverL1Crowding(long pitchBytes, int rows, int rowBytes) => Crowding(Caches.L1Data, pitchBytes, rows, rowBytes);

    /// <summary>
    /// How many times over a block of A read in place (<paramref name="rows"/> rows of <paramref name="depth"/> elements at
    /// a pitch of <paramref name="pitchBytes"/>) fills the L2 sets its rows start in: rows whose pitch shares a large
    /// power of two with the way size start in few sets, so a block that fits the cache can still thrash it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double ABlockL2Crowding(long pitchBytes, int rows, int depth, int elementSize) =>
        Crowding(Caches.L2, pitchBytes, rows, (long)depth * elementSize);

    /// <summary>Lines needed ÷ lines held by the sets that rows at a pitch of <paramref name="pitchBytes"/> map to.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Crowding(CacheLevel cache, long pitchBytes, int rows, long rowBytes)
    {
        long way = cache.WaySize, line = Math.Max(cache.LineSize, 1), rowLines = (rowBytes + line - 1) / line;
        long starts = way / Gcd(pitchBytes % way == 0 ? way : pitchBytes % way, way); // distinct set offsets of row starts
        long sets = Math.Max(1, Math.Min(way / line, starts * rowLines));
        return (double)rows * rowLines / (sets * Math.Max(cache.Ways, 1));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long Gcd(long a, long b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }

    /// <summary>The register tile of <paramref name="kernel"/> for elements of <paramref name="elementSize"/> bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static TileShape Shape(GemmKernel kernel, int elementSize)
    {
        int lanes128 = 16 / elementSize;
        return kernel switch
        {
            GemmKernel.Vector512Tile6x2 => new(6, 8 * lanes128, 4 * lanes128),
            GemmKernel.Vector256Tile6x2 => new(6, 4 * lanes128, 2 * lanes128),
            GemmKernel.AdvSimdTile8x3 => new(8, 3 * lanes128, lanes128),
            GemmKernel.Vector128Tile6x2 => new(6, 2 * lanes128, lanes128),
            GemmKernel.VectorTTile6x2 => new(6, 2 * (Vector<byte>.Count / elementSize), Vector<byte>.Count / elementSize),
            _ => new(4, 4, 1),
        };
    }

    /// <summary>
    /// Cache blocking of <paramref name="kernel"/> for elements of <paramref name="elementSize"/> bytes:
    /// KC·NR·size fills at most two thirds of L1 (a sliver of B stays there while the A stream and the C tile use the
    /// rest), up to <see cref="MaxKC"/>; MC·KC·size fills at most half of L2, up to the kernel's MC ceiling (BLIS's Zen
    /// figures: 144 floats, 72 doubles for the 6-row kernels; taller blocks run slower even with a 1 MiB L2); KC·NC·size
    /// fills at most a quarter of L3, up to <see cref="MaxNC"/>. MC is a multiple of MR, NC of NR, KC of 8.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public GemmBlocking Blocking(GemmKernel kernel, int elementSize) =>
        elementSize is 4 or 8 ? _blocking[2 * (int)kernel + (elementSize >> 3)] : Derive(kernel, elementSize);

    private GemmBlocking Derive(GemmKernel kernel, int elementSize)
    {
        TileShape s = Shape(kernel, elementSize);
        int kc = (int)Math.Clamp(Caches.L1Data.Size * 2 / 3 / ((long)s.NR * elementSize) / 8 * 8, 16, MaxKC);
        int mcCeiling = (kernel is GemmKernel.ScalarTile4x4 or GemmKernel.AdvSimdTile8x3 ? 512 : 576) / elementSize / s.MR * s.MR;
        int mc = (int)Math.Clamp(Caches.L2.Size / 2 / ((long)kc * elementSize) / s.MR * s.MR, s.MR, mcCeiling);
        int nc = (int)Math.Clamp(Caches.L3.Size / 4 / ((long)kc * elementSize) / s.NR * s.NR, s.NR, MaxNC / s.NR * s.NR);
        return new GemmBlocking(mc, kc, nc);
    }

    /// <summary>The table as text, one line per kernel and element type: tile, blocking, pitch rules.</summary>
    public IEnumerable<string> Describe()
    {
        yield return $"caches: {Caches}";
        yield return $"pack B beyond MC rows, or when more than {PackBMinRowTiles} row tiles reuse a sliver that falls in one or two L1 sets " +
                     $"({SevereCrowding}× their lines), or more than {PackBCrowdedMinRowTiles} one that overfills them at all; " +
                     $"pack A when more than {PackAMinSlivers} slivers reuse a block that overfills the L2 sets its rows start in";
        foreach (GemmKernel k in Enum.GetValues<GemmKernel>())
            foreach (int size in new[] { 4, 8 })
            {
                TileShape s = Shape(k, size);
                GemmBlocking b = Blocking(k, size);
                yield return $"{k} {(size == 4 ? "float" : "double")}: tile {s.MR}×{s.NR}, MC {b.MC}, KC {b.KC}, NC {b.NC}";
            }
    }
}
