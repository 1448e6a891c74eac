using System;

namespace Kernels.Platform;

/// <summary>
/// The sizes at which the element-wise, matrix–vector and rank-1 kernels change how they move memory, derived from
/// this machine's caches (<see cref="Derive"/>: one formula each, with its reason). None of them changes a result, only
/// where the bytes go.
/// </summary>
/// <param name="UnaryStreamingBytes">d = f(x) writes outputs larger than this with non-temporal stores.</param>
/// <param name="BinaryStreamingBytes">d = f(x, y) writes outputs larger than this with non-temporal stores.</param>
/// <param name="RankOneFourRowBytes">A rank-1 update of a C no larger than this runs four rows per pass.</param>
/// <param name="MatrixVectorColumnBlockBytes">The slice of y a matrix–vector sweep updates at a time.</param>
/// <param name="MatrixVectorBeyondCacheBytes">A matrix at least this large is swept eight rows at a time whatever its row length.</param>
/// <param name="ColumnSumBlockBytes">The slice of the destination that column sums accumulate at a time.</param>
/// <param name="ColumnSumTileBytes">Matrices up to this size are column-summed in register tiles.</param>
internal sealed record CacheBudgets(
    long UnaryStreamingBytes,
    long BinaryStreamingBytes,
    long RankOneFourRowBytes,
    int MatrixVectorColumnBlockBytes,
    long MatrixVectorBeyondCacheBytes,
    int ColumnSumBlockBytes,
    int ColumnSumTileBytes)
{
    /// <summary>
    /// No streaming threshold is below this, so the element-wise loops can rule streaming out for small calls with a
    /// constant compare and never read <see cref="Current"/> there.
    /// </summary>
    public const long MinStreamingBytes = 64 * 1024;

    /// <summary>The budgets of this machine.</summary>
    public static CacheBudgets Current { get; } = Derive(CacheSizes.Current);

    /// <summary>The budgets for the caches <paramref name="c"/>.</summary>
    public static CacheBudgets Derive(CacheSizes c) => new(
        // In and out together fill half the L3: beyond, the output would not be in cache for the next kernel anyway,
        // and streaming saves the reads for ownership.
        UnaryStreamingBytes: Math.Max(MinStreamingBytes, c.L3.Size / 4),
        // Outputs that fit the L2 stay cached for whatever reads them next; larger ones gain more from streaming.
        BinaryStreamingBytes: Math.Max(MinStreamingBytes, c.L2.Size),
        // Four read-and-write streams of C at once run slower than one from the L3 and beyond.
        RankOneFourRowBytes: c.L3.Size / 16,
        // The slice of y stays in a quarter of L1 while the rows of M stream past it.
        MatrixVectorColumnBlockBytes: (int)(c.L1Data.Size / 4),
        // Beyond half the L3 the matrix comes from memory, where eight rows per sweep halve the traffic of y.
        MatrixVectorBeyondCacheBytes: c.L3.Size / 2,
        // Half of L1 for the partial sums, the rest for the rows streaming through.
        ColumnSumBlockBytes: (int)(c.L1Data.Size / 2),
        // A matrix that fits L1 is summed in tiles held in registers.
        ColumnSumTileBytes: (int)c.L1Data.Size);
}
