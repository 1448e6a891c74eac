using System.Numerics;
using System.Runtime.CompilerServices;

namespace Kernels.Simd;

/// <summary><see cref="IVectorOps{TV, T}"/> on <see cref="Vector{T}"/>, the portable width the runtime picks.</summary>
internal readonly struct VectorTOps<T> : IVectorOps<Vector<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector<T>.Count;
    public static bool IsAccelerated => Vector.IsHardwareAccelerated && Vector<T>.IsSupported;
    public static Vector<T> Zero => Vector<T>.Zero;
    public static Vector<T> One => Vector<T>.One;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<T> Load(ref T source, nint offset) => Vector.LoadUnsafe(ref Unsafe.Add(ref source, offset));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector<T> value, ref T destination, nint offset) => value.StoreUnsafe(ref Unsafe.Add(ref destination, offset));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static unsafe void StoreAlignedNonTemporal(Vector<T> value, T* destination) => value.StoreAlignedNonTemporal(destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<T> Broadcast(T value) => new(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<T> Add(Vector<T> a, Vector<T> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<T> Subtract(Vector<T> a, Vector<T> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<T> Multiply(Vector<T> a, Vector<T> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<T> Divide(Vector<T> a, Vector<T> b) => a / b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<T> Negate(Vector<T> a) => -a;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<T> Sqrt(Vector<T> a) => Vector.SquareRoot(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<T> MultiplyAdd(Vector<T> a, Vector<T> b, Vector<T> c) => VectorMath.MultiplyAdd(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Sum(Vector<T> v) => Vector.Sum(v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<T> LessThan(Vector<T> a, Vector<T> b) => Vector.LessThan(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<T> LessThanOrEqual(Vector<T> a, Vector<T> b) => Vector.LessThanOrEqual(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<T> IsNaN(Vector<T> a) => Vector.IsNaN(a);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<T> AndNot(Vector<T> a, Vector<T> b) => Vector.AndNot(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<T> Or(Vector<T> a, Vector<T> b) => a | b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<T> Exp(Vector<T> x) => VectorMath.Exp(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<T> Tanh(Vector<T> x) => VectorMath.Tanh(x);
}
