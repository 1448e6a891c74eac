using System.Runtime.CompilerServices;

namespace Kernels.MatrixMultiply;

/// <summary>
/// How a column sliver's rows become tiles. <see cref="Of"/>: whole MR-row tiles, then the rest; with MR = 6 a remainder
/// of one or two rows would leave a tile whose few accumulator chains wait on FMA latency (a 2-row tile takes as long
/// per k step as a 4-row one), so the last whole tile joins it and the pair runs as 4 + 3 or 4 + 4 rows.
/// <see cref="Balanced"/>: tiles of nearly equal height, for the 6×2 kernel's whole slivers, which have a 5-row tile.
/// </summary>
internal static class RowSplit
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (int Whole, int Remaining) Of(int rows, int mr)
    {
        int whole = rows / mr, rest = rows % mr;
        if (mr == 6 && whole > 0 && rest is 1 or 2)
            return (whole - 1, rest + mr);
        return (whole, rest);
    }

    /// <summary>
    /// ⌈rows / 6⌉ tiles as nearly equal in height as can be, as (6-row tiles, then 5-row tiles); the rows left over, at
    /// most 8, go in tiles of at most 4 (rows = 8: 4 + 4; 13: 5, 4, 4; 32: 6, 6, 5, 5, 5, 5).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (int Sixes, int Fives) Balanced(int rows)
    {
        int tiles = (rows + 5) / 6;
        if (tiles == 0)
            return (0, 0);
        int height = rows / tiles, taller = rows % tiles; // `taller` tiles of height + 1, the others of height
        return height switch
        {
            6 => (tiles, 0),
            5 => (taller, tiles - taller),
            4 => (0, taller),
            _ => (0, 0),
        };
    }

    /// <summary>The height of the next tile while <paramref name="rest"/> rows remain.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int NextTile(int rest, int mr) => rest > mr ? 4 : rest;
}
