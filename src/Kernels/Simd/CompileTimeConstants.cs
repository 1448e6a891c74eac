namespace Kernels.Simd;

/// <summary>
/// A count known at compile time, as a type argument: a kernel specialised for <c>Count.Four</c> rows has every
/// <c>if (TRows.Value &gt; i)</c> folded by the JIT and its unused accumulators dropped.
/// </summary>
internal interface ICount
{
    static abstract int Value { get; }
}

/// <summary>A yes/no known at compile time, as a type argument (which epilogue a tile is specialised for, say).</summary>
internal interface IFlag
{
    static abstract bool Value { get; }
}

/// <summary>The counts kernels are specialised for.</summary>
internal static class Count
{
    internal readonly struct One : ICount { public static int Value => 1; }
    internal readonly struct Two : ICount { public static int Value => 2; }
    internal readonly struct Three : ICount { public static int Value => 3; }
    internal readonly struct Four : ICount { public static int Value => 4; }
    internal readonly struct Five : ICount { public static int Value => 5; }
    internal readonly struct Six : ICount { public static int Value => 6; }
    internal readonly struct Eight : ICount { public static int Value => 8; }
}

/// <summary>The two flags.</summary>
internal static class Flag
{
    internal readonly struct Yes : IFlag { public static bool Value => true; }
    internal readonly struct No : IFlag { public static bool Value => false; }
}
