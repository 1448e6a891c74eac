using System;
using System.Runtime.CompilerServices;
using CommunityToolkit.HighPerformance;

namespace Kernels.Matrices;

/// <summary>
/// The internal form of every matrix operand: a reference to element [0, 0], a shape, and a row stride in elements
/// (the BLAS leading dimension). Public entry points take <see cref="Span2D{T}"/>/<see cref="ReadOnlySpan2D{T}"/> or
/// BLAS-style (span, ld) pairs and convert to this once, after validation.
/// </summary>
internal readonly ref struct MatrixView<T>
{
    public readonly ref T Origin;
    public readonly int Rows;
    public readonly int Cols;
    public readonly nint Stride;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public MatrixView(ref T origin, int rows, int cols, nint stride)
    {
        Origin = ref origin;
        Rows = rows;
        Cols = cols;
        Stride = stride;
    }

    /// <summary>Elements from [0, 0] to one past [Rows-1, Cols-1]; zero for an empty view.</summary>
    public nint Extent => Rows == 0 || Cols == 0 ? 0 : (Rows - 1) * Stride + Cols;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref T Row(int i) => ref Unsafe.Add(ref Origin, i * Stride);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<T> RowSpan(int i) => System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref Row(i), Cols);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static MatrixView<T> From(Span2D<T> m)
    {
        ref T first = ref m.DangerousGetReference();
        nint stride = m.Height > 1 ? Unsafe.ByteOffset(ref first, ref m.DangerousGetReferenceAt(1, 0)) / Unsafe.SizeOf<T>() : m.Width;
        return new(ref first, m.Height, m.Width, stride);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static MatrixView<T> From(ReadOnlySpan2D<T> m)
    {
        ref T first = ref m.DangerousGetReference();
        nint stride = m.Height > 1 ? Unsafe.ByteOffset(ref first, ref m.DangerousGetReferenceAt(1, 0)) / Unsafe.SizeOf<T>() : m.Width;
        return new(ref first, m.Height, m.Width, stride);
    }

    /// <summary>
    /// Whether two views share an element. Views with the same stride whose column ranges are disjoint modulo the stride
    /// (for example two column blocks of one matrix) do not overlap even when their address ranges interleave.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Overlap(in MatrixView<T> a, in MatrixView<T> b) =>
        RangesOverlap(ref a.Origin, a.Extent, ref b.Origin, b.Extent) && InterleavedOverlap(a, b);

    /// <summary>True when the element ranges [a, a + aElements) and [b, b + bElements) share an element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool RangesOverlap(ref T a, nint aElements, ref T b, nint bElements)
    {
        if (aElements <= 0 || bElements <= 0) return false;
        // In bytes, not elements: no signed division on every call's checks. Two ranges of whole elements share a byte
        // exactly when they share an element.
        nint d = Unsafe.ByteOffset(ref a, ref b); // b − a
        return d >= 0 ? d < aElements * Unsafe.SizeOf<T>() : -d < bElements * Unsafe.SizeOf<T>();
    }

    // The address ranges intersect: decide element by element of the row frame (rare; kept out of line).
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static bool InterleavedOverlap(in MatrixView<T> a, in MatrixView<T> b)
    {
        if (a.Stride != b.Stride || a.Stride <= 0 || a.Rows <= 1 && b.Rows <= 1)
            return true;
        nint d = Unsafe.ByteOffset(ref a.Origin, ref b.Origin) / Unsafe.SizeOf<T>();
        nint s = a.Stride;
        nint col = ((d % s) + s) % s; // column of b's first element in a's row frame
        // Every element of b sits in column (col + c) mod s of that frame; a owns columns [0, a.Cols).
        return !(col >= a.Cols && col + b.Cols <= s);
    }
}
