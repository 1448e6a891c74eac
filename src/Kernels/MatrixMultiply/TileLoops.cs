using System.Numerics;
using System.Runtime.CompilerServices;

namespace Kernels.MatrixMultiply;

/// <summary>
/// The row loops of <see cref="IMicroKernel{T}.RunRows"/> and <see cref="IMicroKernel{T}.RunWholeTiles"/> written once
/// over <see cref="IMicroKernel{T}.Run"/>, for kernels with no faster form of their own (the AVX2 kernel inlines its
/// tile body instead).
/// </summary>
internal static class TileLoops<T, TKernel> where T : unmanaged, IFloatingPointIeee754<T> where TKernel : struct, IMicroKernel<T>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunRows(int rows, int kc, nint aRowStride, nint aColumnStride, ref T a, ref T b, nint rowStrideB, ref T c, nint ldc, T alpha, T beta)
    {
        int mrK = TKernel.MR, nrK = TKernel.NR;
        for (int i = 0; i < rows; i += mrK)
        {
            int mr = rows - i < mrK ? rows - i : mrK;
            TKernel.Run(kc, new StridedA(aRowStride, aColumnStride, mr), ref Unsafe.Add(ref a, i * aRowStride), ref b, rowStrideB,
                ref Unsafe.Add(ref c, i * ldc), ldc, 1, alpha, beta, mr, nrK);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunWholeTiles<TA>(int tiles, int kc, TA ap, ref T a, nint aTileStep, ref T b, nint rowStrideB, ref T c, nint ldc, T alpha, T beta)
        where TA : struct, IAPanel
    {
        int mrK = TKernel.MR;
        for (int t = 0; t < tiles; t++)
        {
            TKernel.Run(kc, ap, ref a, ref b, rowStrideB, ref c, ldc, 1, alpha, beta, mrK, TKernel.NR);
            a = ref Unsafe.Add(ref a, aTileStep);
            c = ref Unsafe.Add(ref c, mrK * ldc);
        }
    }
}
