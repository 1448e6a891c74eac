using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Kernels.Simd;

namespace Kernels.Vectors;

/// <summary>
/// What the element-wise loops need at one width beyond <see cref="IVectorOps{TV, T}"/>: the operator structs invoked at
/// that width, and the non-temporal store. With it, <see cref="UnaryLoop"/> and <see cref="BinaryLoop"/> are written once
/// and specialised by the JIT per width, like every <see cref="IVectorOps{TV, T}"/> kernel.
/// </summary>
internal interface IElementWiseOps<TV, T> where TV : struct where T : unmanaged
{
    /// <summary>op(x) at this width.</summary>
    static abstract TV Apply<TOp>(TOp op, TV x) where TOp : struct, IUnaryOperator<T>;

    /// <summary>op(x, y) at this width.</summary>
    static abstract TV Apply<TOp>(TOp op, TV x, TV y) where TOp : struct, IBinaryOperator<T>;

    /// <summary>
    /// Stores to an address aligned to the vector's size, bypassing the caches where the CPU can (MOVNTPS/MOVNTPD on x64).
    /// The memory must be pinned; see <see cref="StreamingStores"/>.
    /// </summary>
    static abstract unsafe void StoreAlignedNonTemporal(TV value, T* destination);
}

/// <summary><see cref="IElementWiseOps{TV, T}"/> on <see cref="Vector256{T}"/>.</summary>
internal readonly struct ElementWiseOps256<T> : IElementWiseOps<Vector256<T>, T> where T : unmanaged
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Apply<TOp>(TOp op, Vector256<T> x) where TOp : struct, IUnaryOperator<T> => op.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<T> Apply<TOp>(TOp op, Vector256<T> x, Vector256<T> y) where TOp : struct, IBinaryOperator<T> => op.Invoke(x, y);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static unsafe void StoreAlignedNonTemporal(Vector256<T> value, T* destination) => value.StoreAlignedNonTemporal(destination);
}

/// <summary><see cref="IElementWiseOps{TV, T}"/> on <see cref="Vector128{T}"/>.</summary>
internal readonly struct ElementWiseOps128<T> : IElementWiseOps<Vector128<T>, T> where T : unmanaged
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Apply<TOp>(TOp op, Vector128<T> x) where TOp : struct, IUnaryOperator<T> => op.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<T> Apply<TOp>(TOp op, Vector128<T> x, Vector128<T> y) where TOp : struct, IBinaryOperator<T> => op.Invoke(x, y);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static unsafe void StoreAlignedNonTemporal(Vector128<T> value, T* destination) => value.StoreAlignedNonTemporal(destination);
}

/// <summary><see cref="IElementWiseOps{TV, T}"/> on <see cref="Vector{T}"/>.</summary>
internal readonly struct ElementWiseOpsT<T> : IElementWiseOps<Vector<T>, T> where T : unmanaged
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<T> Apply<TOp>(TOp op, Vector<T> x) where TOp : struct, IUnaryOperator<T> => op.Invoke(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<T> Apply<TOp>(TOp op, Vector<T> x, Vector<T> y) where TOp : struct, IBinaryOperator<T> => op.Invoke(x, y);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static unsafe void StoreAlignedNonTemporal(Vector<T> value, T* destination) => value.StoreAlignedNonTemporal(destination);
}
