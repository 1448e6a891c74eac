using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Runtime.Intrinsics;

namespace Kernels.Tests;

/// <summary>The lengths every element-wise kernel is tested at: every tail up to three 256-bit vectors plus one, and a few large ones.</summary>
internal static class Sweep
{
    // 3 × (widest vector in elements: 8 floats) + 1 = 25 covers every tail of every width for float and double; go a
    // little beyond so the 4x-unrolled loops run with every remainder too.
    public const int MaxTail = 3 * 16 + 1;

    public static IEnumerable<int> Lengths => Enumerable.Range(0, MaxTail + 1).Concat([63, 64, 65, 127, 1000, 4099]);

    public static IEnumerable<int> ShortLengths => Enumerable.Range(0, MaxTail + 1);

    /// <summary>Seeds derived from a test-specific number and the length, so each case has its own fixed data.</summary>
    public static ulong Seed(int salt, int length) => (ulong)salt * 1_000_003UL + (ulong)length;
}
