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
/// other path computes. From the threshold up TensorPrimitives' 512-bit loop is the faster; on shorter calls Kernels'
/// first-and-last-vector tail is cheaper.
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
