using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Kernels;

/// <summary>
/// Writing a finished row of a tile into C: c = α·acc + β·c, with β = 0 meaning c is not read and β = 1 a single fused
/// multiply-add. Partial rows (fewer than NR valid columns) go through a scratch copy and scalar code, never past the
/// row's valid columns.
/// </summary>
internal static class TileStore
{
    public enum BetaKind { Zero, One, General }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static BetaKind Classify<T>(T beta) where T : IFloatingPointIeee754<T> =>
        beta == T.Zero ? BetaKind.Zero : beta == T.One ? BetaKind.One : BetaKind.General;

    /// <summary>
    /// Stores the valid mr×nr corner of a finished tile (row pitch <paramref name="tilePitch"/>) into C with α and β,
    /// element by element; used for tiles cut by the right edge of C and for every tile of a transposed C.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Partial<T>(ReadOnlySpan<T> tile, int tilePitch, ref T c, nint ldc, nint csc, int mr, int nr, T alpha, T beta, BetaKind kind)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < mr; i++)
        {
            ReadOnlySpan<T> acc = tile.Slice(i * tilePitch, nr);
            ref T ci = ref Unsafe.Add(ref c, i * ldc);
            for (int j = 0; j < nr; j++)
            {
                ref T cj = ref Unsafe.Add(ref ci, j * csc);
                cj = kind switch
                {
                    BetaKind.Zero => alpha * acc[j],
                    BetaKind.One => VectorMath.MultiplyAdd(alpha, acc[j], cj),
                    _ => VectorMath.MultiplyAdd(alpha, acc[j], beta * cj),
                };
            }
        }
    }
}
