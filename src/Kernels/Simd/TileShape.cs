using System.Runtime.CompilerServices;

namespace Kernels.Simd;

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
internal readonly struct Five : ICount { public static int Value => 5; }
internal readonly struct Six : ICount { public static int Value => 6; }
internal readonly struct Eight : ICount { public static int Value => 8; }

/// <summary>A compile-time yes/no for a type parameter (which epilogue a tile kernel is specialised for).</summary>
internal interface IFlag
{
    static abstract bool Value { get; }
}

internal readonly struct Yes : IFlag { public static bool Value => true; }
internal readonly struct No : IFlag { public static bool Value => false; }

