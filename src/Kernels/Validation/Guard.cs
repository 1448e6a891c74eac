using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Kernels.Matrices;

namespace Kernels.Validation;

/// <summary>
/// Argument checks shared by every kernel. All checks run before a kernel writes anything, so a rejected call
/// leaves every output as it was. Messages name the parameter and the sizes involved.
/// </summary>
internal static class Guard
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SameLength<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, [CallerArgumentExpression(nameof(y))] string yName = "")
    {
        if (x.Length != y.Length)
            ThrowLengthMismatch(x.Length, y.Length, yName);
    }

    /// <summary>
    /// Rejects <paramref name="destination"/> if it overlaps <paramref name="input"/> anywhere except exactly in place
    /// (both starting at the same element), which element-wise kernels support.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NoPartialOverlap<T>(ReadOnlySpan<T> input, Span<T> destination,
        [CallerArgumentExpression(nameof(input))] string inputName = "", [CallerArgumentExpression(nameof(destination))] string destinationName = "")
    {
        if (input.Overlaps(destination, out int offset) && offset != 0)
            ThrowPartialOverlap(inputName, destinationName, offset);
    }

    /// <summary>
    /// Whether <paramref name="destination"/> shares memory with <paramref name="input"/> without starting at the same
    /// address: what <see cref="NoPartialOverlap{T}"/> rejects, as a few inlined instructions (the element-wise kernels'
    /// per-call cost; <c>MemoryExtensions.Overlaps</c> with an offset is an out-of-line call). Empty spans overlap nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool PartiallyOverlaps<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> destination)
    {
        nint bytes = Unsafe.ByteOffset(ref MemoryMarshal.GetReference(input), ref MemoryMarshal.GetReference(destination));
        return bytes != 0 && !input.IsEmpty && !destination.IsEmpty &&
               ((nuint)bytes < (nuint)input.Length * (nuint)Unsafe.SizeOf<T>() || (nuint)(-bytes) < (nuint)destination.Length * (nuint)Unsafe.SizeOf<T>());
    }

    /// <summary>Throws the exception <see cref="NoPartialOverlap{T}"/> throws, for spans <see cref="PartiallyOverlaps{T}"/> accused.</summary>
    [DoesNotReturn]
    public static void ThrowPartialOverlap<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> destination, string inputName, string destinationName) =>
        ThrowPartialOverlap(inputName, destinationName,
            (int)(Unsafe.ByteOffset(ref MemoryMarshal.GetReference(input), ref MemoryMarshal.GetReference(destination)) / Unsafe.SizeOf<T>()));

    /// <summary>Rejects <paramref name="destination"/> if it shares any element with <paramref name="input"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NoOverlap<T>(ReadOnlySpan<T> input, Span<T> destination,
        [CallerArgumentExpression(nameof(input))] string inputName = "", [CallerArgumentExpression(nameof(destination))] string destinationName = "")
    {
        // RangesOverlap rather than MemoryExtensions.Overlaps: that one is not always inlined, and this runs on every call.
        if (RangesOverlap(ref Ref(input), input.Length, ref Ref(destination), destination.Length))
            ThrowOverlap(inputName, destinationName);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void NonNegative(int value, [CallerArgumentExpression(nameof(value))] string name = "")
    {
        if (value < 0)
            ThrowNegative(value, name);
    }

    [DoesNotReturn]
    public static void ThrowLengthMismatch(int expected, int actual, string name) =>
        throw new ArgumentException($"Length mismatch: '{name}' has {actual} elements but {expected} are required to match the other operand.", name);

    [DoesNotReturn]
    public static void ThrowDestinationTooShort(long required, int actual, string name) =>
        throw new ArgumentException($"Destination too short: '{name}' has {actual} elements but the result needs {required}.", name);

    [DoesNotReturn]
    public static void ThrowPartialOverlap(string inputName, string destinationName, int offset) =>
        throw new ArgumentException(
            $"'{destinationName}' overlaps '{inputName}' at an offset of {offset} elements; only exactly in-place use (the same start) is supported.",
            destinationName);

    [DoesNotReturn]
    public static void ThrowOverlap(string inputName, string destinationName) =>
        throw new ArgumentException($"'{destinationName}' overlaps '{inputName}'; this kernel needs them to be disjoint.", destinationName);

    [DoesNotReturn]
    public static void ThrowNegative(long value, string name) =>
        throw new ArgumentOutOfRangeException(name, value, $"'{name}' must not be negative (it is {value}).");

    [DoesNotReturn]
    public static void ThrowShapeMismatch(string message, string name) =>
        throw new ArgumentException(message, name);

    /// <summary>True when the element ranges [a, a + aElements) and [b, b + bElements) share an element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool RangesOverlap<T>(ref T a, nint aElements, ref T b, nint bElements) =>
        MatrixView<T>.RangesOverlap(ref a, aElements, ref b, bElements);

    /// <summary>The reference to the first element of a span, valid even when it is empty (never dereferenced then).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref T Ref<T>(Span<T> span) => ref MemoryMarshal.GetReference(span);

    /// <inheritdoc cref="Ref{T}(Span{T})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref T Ref<T>(ReadOnlySpan<T> span) => ref MemoryMarshal.GetReference(span);
}
