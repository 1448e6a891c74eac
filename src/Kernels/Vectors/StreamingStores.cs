using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Kernels.Vectors;

/// <summary>
/// When and how the element-wise loops write their output with non-temporal (streaming) stores, which go to memory
/// without first reading each destination line into the cache (saving a third of the traffic of z = x ⊙ y) and
/// without evicting the inputs.
/// </summary>
/// <remarks>
/// <para>
/// Only large outputs are streamed, each loop choosing its threshold from measurement: below it the destination
/// usually stays in the cache from one call to the next, and a later kernel reading it finds it there, where streamed
/// lines would have to come back from memory. Streamed stores also have a throughput of their own (the memory's write
/// bandwidth), so they pay off in the caches only when they save enough line reads. The loops stream only when the
/// destination shares no memory with an input: in place, every destination line has just been read into the cache
/// anyway, and streaming it out is slower in L2 and L3.
/// </para>
/// <para>
/// Streaming stores need an address aligned to the vector size: the loops pin the destination, start the streamed
/// part at its first aligned element and leave the elements before it to an ordinary (overlapping) store. They are
/// weakly ordered on x64, so each streamed loop ends with a store fence: whatever the caller does next (publishing the
/// result to another thread, say) sees the output complete.
/// </para>
/// </remarks>
internal static unsafe class StreamingStores
{
    /// <summary>Whether an output of <paramref name="n"/> elements is larger than <paramref name="thresholdBytes"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Above<T>(nuint n, nuint thresholdBytes) where T : unmanaged => n > thresholdBytes / (nuint)sizeof(T);

    /// <summary>
    /// How many elements from <paramref name="d"/> to the next address that is a multiple of the vector size, in
    /// [0, vector count). Only a hint unless <paramref name="d"/> is pinned (the collector may move it) and
    /// <see cref="CanAlign{T}(T*)"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint ElementsToAlignment<T, TV>(ref T d) where T : unmanaged where TV : struct =>
        ElementsToAlignment<T, TV>((T*)Unsafe.AsPointer(ref d));

    /// <inheritdoc cref="ElementsToAlignment{T, TV}(ref T)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static nint ElementsToAlignment<T, TV>(T* d) where T : unmanaged where TV : struct =>
        (nint)((((nuint)0 - (nuint)d) & (nuint)(Unsafe.SizeOf<TV>() - 1)) / (nuint)sizeof(T));

    /// <summary>Whether <paramref name="d"/> sits on an element boundary, so that some element of it is vector-aligned.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool CanAlign<T>(T* d) where T : unmanaged => (nuint)d % (nuint)sizeof(T) == 0;

    /// <summary>Orders the streamed stores before any later store of this thread (SFENCE on x64; nothing elsewhere).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Fence()
    {
        if (Sse.IsSupported)
            Sse.StoreFence();
    }
}
