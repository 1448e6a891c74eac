using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Kernels.Simd;

/// <summary>
/// The vector operations a kernel needs, as static members of a struct, so one generic kernel body serves every width:
/// the JIT specialises it per implementation and inlines every call (no delegates, no virtual calls), exactly as if it
/// had been written three times. Fused multiply-add is used when the CPU has it.
/// </summary>
internal interface IVectorOps<TV, T> where TV : struct where T : unmanaged
{
    static abstract int Count { get; }
    static abstract bool IsAccelerated { get; }
    static abstract TV Zero { get; }
    static abstract TV Load(ref T source, nint offset);
    static abstract void Store(TV value, ref T destination, nint offset);
    static abstract TV Broadcast(T value);
    static abstract TV Add(TV a, TV b);
    static abstract TV Subtract(TV a, TV b);
    static abstract TV Multiply(TV a, TV b);
    static abstract TV Divide(TV a, TV b);
    static abstract TV Sqrt(TV a);
    /// <summary>a·b + c.</summary>
    static abstract TV MultiplyAdd(TV a, TV b, TV c);
    static abstract T Sum(TV v);
}

internal readonly struct Vector256Ops<T> : IVectorOps<Vector256<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector256<T>.Count;
    public static bool IsAccelerated => Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported;
    public static Vector256<T> Zero => Vector256<T>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Load(ref T source, nint offset) => Vector256.LoadUnsafe(ref Unsafe.Add(ref source, offset));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<T> value, ref T destination, nint offset) => value.StoreUnsafe(ref Unsafe.Add(ref destination, offset));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Broadcast(T value) => Vector256.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Add(Vector256<T> a, Vector256<T> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Subtract(Vector256<T> a, Vector256<T> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Multiply(Vector256<T> a, Vector256<T> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Divide(Vector256<T> a, Vector256<T> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Sqrt(Vector256<T> a) => Vector256.Sqrt(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> MultiplyAdd(Vector256<T> a, Vector256<T> b, Vector256<T> c) => VectorMath.MultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Sum(Vector256<T> v) => Vector256.Sum(v);
}

internal readonly struct Vector128Ops<T> : IVectorOps<Vector128<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector128<T>.Count;
    public static bool IsAccelerated => Vector128.IsHardwareAccelerated && Vector128<T>.IsSupported;
    public static Vector128<T> Zero => Vector128<T>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Load(ref T source, nint offset) => Vector128.LoadUnsafe(ref Unsafe.Add(ref source, offset));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector128<T> value, ref T destination, nint offset) => value.StoreUnsafe(ref Unsafe.Add(ref destination, offset));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Broadcast(T value) => Vector128.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Add(Vector128<T> a, Vector128<T> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Subtract(Vector128<T> a, Vector128<T> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Multiply(Vector128<T> a, Vector128<T> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Divide(Vector128<T> a, Vector128<T> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Sqrt(Vector128<T> a) => Vector128.Sqrt(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> MultiplyAdd(Vector128<T> a, Vector128<T> b, Vector128<T> c) => VectorMath.MultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Sum(Vector128<T> v) => Vector128.Sum(v);
}

internal readonly struct VectorTOps<T> : IVectorOps<Vector<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector<T>.Count;
    public static bool IsAccelerated => Vector.IsHardwareAccelerated && Vector<T>.IsSupported;
    public static Vector<T> Zero => Vector<T>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<T> Load(ref T source, nint offset) => Vector.LoadUnsafe(ref Unsafe.Add(ref source, offset));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector<T> value, ref T destination, nint offset) => value.StoreUnsafe(ref Unsafe.Add(ref destination, offset));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<T> Broadcast(T value) => new(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<T> Add(Vector<T> a, Vector<T> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<T> Subtract(Vector<T> a, Vector<T> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<T> Multiply(Vector<T> a, Vector<T> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<T> Divide(Vector<T> a, Vector<T> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<T> Sqrt(Vector<T> a) => Vector.SquareRoot(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<T> MultiplyAdd(Vector<T> a, Vector<T> b, Vector<T> c) => VectorMath.MultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Sum(Vector<T> v) => Vector.Sum(v);
}

/// <summary>
/// 512-bit vectors, for the GEMM micro-kernel on the <see cref="IsaPath.Vector512"/> path: every other kernel stops at
/// 256 bits. AVX-512 always has fused multiply-add, so <see cref="MultiplyAdd"/> is always fused.
/// </summary>
internal readonly struct Vector512Ops<T> : IVectorOps<Vector512<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector512<T>.Count;
    public static bool IsAccelerated => Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported;
    public static Vector512<T> Zero => Vector512<T>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Load(ref T source, nint offset) => Vector512.LoadUnsafe(ref Unsafe.Add(ref source, offset));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector512<T> value, ref T destination, nint offset) => value.StoreUnsafe(ref Unsafe.Add(ref destination, offset));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Broadcast(T value) => Vector512.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Add(Vector512<T> a, Vector512<T> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Subtract(Vector512<T> a, Vector512<T> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Multiply(Vector512<T> a, Vector512<T> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Divide(Vector512<T> a, Vector512<T> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<T> Sqrt(Vector512<T> a) => Vector512.Sqrt(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MultiplyAdd(Vector512<T> a, Vector512<T> b, Vector512<T> c) =>
        typeof(T) == typeof(float)
            ? Vector512.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
            : Vector512.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Sum(Vector512<T> v) => Vector512.Sum(v);
}
