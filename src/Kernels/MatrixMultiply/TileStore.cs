using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Kernels.Simd;

namespace Kernels.MatrixMultiply;

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
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Partial<T>(ReadOnlySpan<T> tile, int tilePitch, ref T c, nint ldc, nint csc, int mr, int nr, T alpha, T beta, BetaKind kind)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // One loop per β kind: the choice is made once per tile, not per element.
        ref T t0 = ref MemoryMarshal.GetReference(tile);
        for (int i = 0; i < mr; i++)
        {
            ref T acc = ref Unsafe.Add(ref t0, i * tilePitch);
            ref T ci = ref Unsafe.Add(ref c, i * ldc);
            switch (kind)
            {
                case BetaKind.Zero:
                    for (int j = 0; j < nr; j++)
                        Unsafe.Add(ref ci, j * csc) = alpha * Unsafe.Add(ref acc, j);
                    break;
                case BetaKind.One:
                    for (int j = 0; j < nr; j++)
                    {
                        ref T cj = ref Unsafe.Add(ref ci, j * csc);
                        cj = VectorMath.MultiplyAdd(alpha, Unsafe.Add(ref acc, j), cj);
                    }
                    break;
                default:
                    for (int j = 0; j < nr; j++)
                    {
                        ref T cj = ref Unsafe.Add(ref ci, j * csc);
                        cj = VectorMath.MultiplyAdd(alpha, Unsafe.Add(ref acc, j), beta * cj);
                    }
                    break;
            }
        }
    }
}
