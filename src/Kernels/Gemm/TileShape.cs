using System.Runtime.CompilerServices;

namespace Kernels;

/// <summary>
/// A compile-time count, used to specialise a micro-kernel's loop for edge tiles: the JIT folds every
/// <c>if (TRows.Value &gt; i)</c> and drops the unused accumulators, so a 4-row edge tile does 4 rows of work, not 6.
/// </summary>
internal interface ICount
{
    static abstract int Value { get; }
}

internal readonly struct One : ICount { public static int Value => 1; }
internal readonly struct Two : ICount { public static int Value => 2; }
internal readonly struct Three : ICount { public static int Value => 3; }
internal readonly struct Four : ICount { public static int Value => 4; }
internal readonly struct Six : ICount { public static int Value => 6; }
internal readonly struct Eight : ICount { public static int Value => 8; }

/// <summary>A compile-time yes/no for a type parameter (which epilogue a tile kernel is specialised for).</summary>
internal interface IFlag
{
    static abstract bool Value { get; }
}

internal readonly struct Yes : IFlag { public static bool Value => true; }
internal readonly struct No : IFlag { public static bool Value => false; }

/// <summary>
/// How a column sliver's rows become tiles: whole MR-row tiles, then the rest. With MR = 6 a remainder of one or two
/// rows would leave a tile whose few accumulator chains wait on FMA latency (a 2-row tile takes as long per k step
/// as a 4-row one), so the last whole tile joins it and the pair runs as 4 + 3 or 4 + 4 rows.
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

    /// <summary>The height of the next tile while <paramref name="rest"/> rows remain.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int NextTile(int rest, int mr) => rest > mr ? 4 : rest;
}
