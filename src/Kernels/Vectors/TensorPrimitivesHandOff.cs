using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Kernels.Vectors;

/// <summary>
/// When an exact element-wise operation goes to <c>TensorPrimitives</c> instead of Kernels' own loop: where the runtime
/// accelerates Vector512 (AVX-512), which the design keeps out of Kernels' own code, for calls of at least
/// <see cref="MinimumVectors"/> 512-bit vectors, on a thread with no path forced (see <see cref="Isa.HandsOffToTensorPrimitives"/>).
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
    public static bool Applies<T>(int length) where T : unmanaged, IFloatingPointIeee754<T>
        => Vector512.IsHardwareAccelerated
           && (typeof(T) == typeof(float) || typeof(T) == typeof(double))
           && length >= MinimumVectors * Vector512<T>.Count
           && Isa.NothingForcedOnThisThread;
}
