using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Kernels.Simd;

/// <summary>
/// Moves of the first few lanes of a vector that touch nothing past them — AVX's vmaskmov, which neither reads, writes
/// nor faults on masked-out lanes. Kernels use them for the ragged right edge of a tile where they exist
/// (<see cref="IsSupported"/>), and go through scalar code where they do not.
/// </summary>
internal interface IMaskedMoves<TV, T> where TV : struct where T : unmanaged
{
    static abstract bool IsSupported { get; }

    /// <summary>The first <paramref name="count"/> elements at <paramref name="source"/>, zeros after. Memory must be pinned.</summary>
    static abstract TV LoadFirst(ref T source, int count);

    /// <summary>Stores the first <paramref name="count"/> lanes of <paramref name="value"/>. Memory must be pinned.</summary>
    static abstract void StoreFirst(TV value, ref T destination, int count);

    /// <summary>The mask that selects the first <paramref name="count"/> lanes, for <see cref="Load"/> in a loop.</summary>
    static abstract TV FirstLanes(int count);

    /// <summary>The lanes at <paramref name="source"/> that <paramref name="mask"/> selects, zeros in the rest. Memory must be pinned.</summary>
    static abstract TV Load(ref T source, TV mask);
}

/// <summary>AVX masked moves on 256-bit vectors of float or double.</summary>
internal readonly unsafe struct AvxMaskedMoves<T> : IMaskedMoves<Vector256<T>, T> where T : unmanaged
{
    public static bool IsSupported
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Avx.IsSupported && (typeof(T) == typeof(float) || typeof(T) == typeof(double));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> LoadFirst(ref T source, int count)
    {
        void* p = Unsafe.AsPointer(ref source);
        if (typeof(T) == typeof(float))
            return Avx.MaskLoad((float*)p, Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(count)).AsSingle()).As<float, T>();
        return Avx.MaskLoad((double*)p, Vector256.LessThan(Vector256<long>.Indices, Vector256.Create((long)count)).AsDouble()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> FirstLanes(int count)
    {
        if (typeof(T) == typeof(float))
            return Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(count)).As<int, T>();
        return Vector256.LessThan(Vector256<long>.Indices, Vector256.Create((long)count)).As<long, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(ref T source, Vector256<T> mask)
    {
        void* p = Unsafe.AsPointer(ref source);
        if (typeof(T) == typeof(float))
            return Avx.MaskLoad((float*)p, mask.AsSingle()).As<float, T>();
        return Avx.MaskLoad((double*)p, mask.AsDouble()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreFirst(Vector256<T> value, ref T destination, int count)
    {
        void* p = Unsafe.AsPointer(ref destination);
        if (typeof(T) == typeof(float))
            Avx.MaskStore((float*)p, Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(count)).AsSingle(), value.AsSingle());
        else
            Avx.MaskStore((double*)p, Vector256.LessThan(Vector256<long>.Indices, Vector256.Create((long)count)).AsDouble(), value.AsDouble());
    }
}

/// <summary>No masked moves (SSE, AdvSimd, <see cref="System.Numerics.Vector{T}"/>): callers take their scalar route.</summary>
internal readonly struct NoMaskedMoves<TV, T> : IMaskedMoves<TV, T> where TV : struct where T : unmanaged
{
    public static bool IsSupported => false;
    public static TV LoadFirst(ref T source, int count) => throw new NotSupportedException();
    public static void StoreFirst(TV value, ref T destination, int count) => throw new NotSupportedException();
    public static TV FirstLanes(int count) => throw new NotSupportedException();
    public static TV Load(ref T source, TV mask) => throw new NotSupportedException();
}
