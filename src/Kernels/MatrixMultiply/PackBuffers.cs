using System;
using System.Runtime.CompilerServices;

namespace Kernels.MatrixMultiply;

/// <summary>
/// Per-thread packing buffers, grown on demand and then reused: after the first call of a given size a GEMM on this
/// thread allocates nothing. Arrays live on the pinned object heap, so the 64-byte-aligned start computed once stays
/// valid; a thread's buffers are collected with the thread.
/// </summary>
internal static class PackBuffers<T> where T : unmanaged
{
    [ThreadStatic] private static T[]? t_a;
    [ThreadStatic] private static T[]? t_b;
    [ThreadStatic] private static T[]? t_x;
    [ThreadStatic] private static T[]? t_y;

    /// <summary>Room for a packed MC×KC block of A.</summary>
    public static ref T A(nint length) => ref Get(ref t_a, length);

    /// <summary>Room for a packed KC×NC panel of B.</summary>
    public static ref T B(nint length) => ref Get(ref t_b, length);

    /// <summary>Room for a gathered vector (matrix–vector products with strided operands).</summary>
    public static ref T X(nint length) => ref Get(ref t_x, length);

    /// <summary>Room for a contiguous result vector that is scattered to a strided column of C afterwards.</summary>
    public static ref T Y(nint length) => ref Get(ref t_y, length);

    private const int AlignBytes = 64;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref T Get(ref T[]? slot, nint length)
    {
        T[]? buffer = slot;
        if (buffer is null || buffer.Length - AlignBytes / Unsafe.SizeOf<T>() < length)
            buffer = Grow(ref slot, length);
        ref T first = ref buffer[0];
        nint misalignment = AddressOf(ref first) & (AlignBytes - 1);
        return ref Unsafe.Add(ref first, misalignment == 0 ? 0 : (AlignBytes - misalignment) / Unsafe.SizeOf<T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe nint AddressOf(ref T x) => (nint)Unsafe.AsPointer(ref x); // the array is pinned: the address is stable

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static T[] Grow(ref T[]? slot, nint length)
    {
        // Grow geometrically so a sequence of slowly increasing sizes does not reallocate every time.
        nint current = slot?.Length ?? 0;
        nint size = Math.Max(length, current + current / 2) + AlignBytes / Unsafe.SizeOf<T>();
        slot = GC.AllocateUninitializedArray<T>(checked((int)size), pinned: true);
        return slot;
    }
}
