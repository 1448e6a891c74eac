using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Kernels.Vectors;

/// <summary>
/// When an exact element-wise operation goes to <c>TensorPrimitives</c> instead of Kernels' own loop: on the
/// <see cref="IsaPath.Vector512"/> path, for calls of at least <see cref="MinimumVectors"/> 512-bit vectors. Kernels' own
/// element-wise loops have no 512-bit body; TensorPrimitives' has, and for these operations gives the same bits.
/// </summary>
/// <remarks>
/// Only operations that round once per element qualify (multiply, add, scale), so the result is bit for bit what every
/// other path computes. Measured for x ⊙ y, floats, in one process, interleaved: TensorPrimitives took 0.73–0.86× Kernels'
/// time from 128 elements up to L1's capacity (0.56–0.63× at 2048), 0.95–1.02× at 64 and 1.02–1.40× below, where
/// Kernels' first-and-last-vector tail is cheaper. Hence the threshold.
/// </remarks>
internal static class TensorPrimitivesHandOff
{
    /// <summary>The shortest call, in 512-bit vectors, that goes to TensorPrimitives.</summary>
    public const int MinimumVectors = 8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Applies<T>(int length, IsaPath path) where T : unmanaged, IFloatingPointIeee754<T>
        => path == IsaPath.Vector512
           && (typeof(T) == typeof(float) || typeof(T) == typeof(double))
           && length >= MinimumVectors * Vector512<T>.Count;
}
