using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Kernels.Matrices;

namespace Kernels.Validation;

/// <summary>
/// The argument checks of every public entry point (spans here, matrix views in Guard.Matrix.cs, GEMM operands in
/// Guard.Gemm.cs). All run before a kernel writes anything, so a rejected call leaves every output as it was, and
/// messages name the parameter and the sizes involved.
/// </summary>
/// <remarks>
/// Each check is a few inlined compares; its message is built in a separate, never-inlined throw helper, so a tiny
/// call does not pay for formatting it never needs (a check with its message inline stayed a call without PGO).
/// </remarks>
internal static partial class Guard
{
    /// <summary>
    /// Whether <paramref name="destination"/> shares memory with <paramref name="input"/> without starting at the same
    /// address: what the element-wise kernels reject, as a few inlined instructions (their per-call cost;
    /// <c>MemoryExtensions.Overlaps</c> with an offset is an out-of-line call). Empty spans overlap nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool PartiallyOverlaps<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> destination)
    {
        nint bytes = Unsafe.ByteOffset(ref MemoryMarshal.GetReference(input), ref MemoryMarshal.GetReference(destination));
        return bytes != 0 && !input.IsEmpty && !destination.IsEmpty &&
               ((nuint)bytes < (nuint)input.Length * (nuint)Unsafe.SizeOf<T>() || (nuint)(-bytes) < (nuint)destination.Length * (nuint)Unsafe.SizeOf<T>());
    }

    /// <summary>Throws for spans <see cref="PartiallyOverlaps{T}"/> accused, naming the offset.</summary>
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
        throw new ArgumentOutOfRangeException(name, value, $"'{name}' must be zero or more.");

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
