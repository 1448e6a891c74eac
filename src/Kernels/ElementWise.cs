using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using Kernels.Vectors;
using Kernels.Validation;

namespace Kernels;

/// <summary>
/// Element-wise kernels on vectors (spans): Hadamard product, add, scale, axpy, activations and the fused
/// activation-derivative product of back-propagation.
/// </summary>
/// <remarks>
/// <para>
/// Every method runs on <see cref="Isa.Current"/>; float and double are vectorised, other IEEE types run the scalar path.
/// Arguments are checked before anything is written: a length mismatch, a destination shorter than the inputs, or a
/// destination that overlaps an input other than exactly in place throws <see cref="ArgumentException"/> naming the
/// parameter and the lengths. A destination longer than the inputs is allowed; only its first elements are written.
/// </para>
/// <para>NaN and ±∞ propagate as IEEE 754 arithmetic says. Nothing allocates.</para>
/// <para>
/// On the <see cref="IsaPath.Vector512"/> path (AVX-512), <see cref="Multiply{T}"/>, <see cref="Add{T}"/> and
/// <see cref="Scale{T}"/> of 128 floats (64 doubles) or more run <c>TensorPrimitives</c>' 512-bit loop, which gives the
/// same bits (they are exact); every other kernel runs its <see cref="IsaPath.Vector256"/> body there.
/// </para>
/// </remarks>
public static partial class ElementWise
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Binary<T, TOp>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination, TOp op,
        string xName, string yName, string destinationName)
        where T : unmanaged, IFloatingPointIeee754<T> where TOp : struct, IBinaryOperator<T>
    {
        CheckBinary(x, y, destination, xName, yName, destinationName);
        BinaryLoop.Run(ref Guard.Ref(x), ref Guard.Ref(y), ref Guard.Ref(destination), (nuint)x.Length, op, Isa.Current);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckBinary<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination, string xName, string yName, string destinationName)
    {
        if (x.Length != y.Length) Guard.ThrowLengthMismatch(x.Length, y.Length, yName);
        if (destination.Length < x.Length) Guard.ThrowDestinationTooShort(x.Length, destination.Length, destinationName);
        if (Guard.PartiallyOverlaps(x, destination)) Guard.ThrowPartialOverlap(x, destination, xName, destinationName);
        if (Guard.PartiallyOverlaps(y, destination)) Guard.ThrowPartialOverlap(y, destination, yName, destinationName);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Unary<T, TOp>(ReadOnlySpan<T> x, Span<T> destination, TOp op, string xName, string destinationName)
        where T : unmanaged, IFloatingPointIeee754<T> where TOp : struct, IUnaryOperator<T>
    {
        CheckUnary(x, destination, xName, destinationName);
        UnaryLoop.Run(ref Guard.Ref(x), ref Guard.Ref(destination), (nuint)x.Length, op, Isa.Current);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckUnary<T>(ReadOnlySpan<T> x, Span<T> destination, string xName, string destinationName)
    {
        if (destination.Length < x.Length) Guard.ThrowDestinationTooShort(x.Length, destination.Length, destinationName);
        if (Guard.PartiallyOverlaps(x, destination)) Guard.ThrowPartialOverlap(x, destination, xName, destinationName);
    }
}
