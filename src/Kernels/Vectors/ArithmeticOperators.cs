using System.Numerics;
using System.Runtime.CompilerServices;
using Kernels.Simd;

namespace Kernels.Vectors;

/// <summary>x ⊙ y.</summary>
internal readonly struct MultiplyOperator<T> : IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x, T y) => x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Invoke<TV, TOps>(TV x, TV y) where TV : struct where TOps : struct, IVectorOps<TV, T> => TOps.Multiply(x, y);
}

/// <summary>x + y.</summary>
internal readonly struct AddOperator<T> : IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Invoke(T x, T y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Invoke<TV, TOps>(TV x, TV y) where TV : struct where TOps : struct, IVectorOps<TV, T> => TOps.Add(x, y);
}

/// <summary>α·x.</summary>
internal readonly struct ScaleOperator<T>(T alpha) : IUnaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _alpha = alpha;

    public T Invoke(T x) => x * _alpha;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Invoke<TV, TOps>(TV x) where TV : struct where TOps : struct, IVectorOps<TV, T> => TOps.Multiply(x, TOps.Broadcast(_alpha));
}

/// <summary>
/// y + α·x, the first operand being y. The vector widths fuse the multiply and add when the CPU has FMA (one rounding);
/// the scalar form rounds twice, as the reference does.
/// </summary>
internal readonly struct AxpyOperator<T>(T alpha) : IBinaryOperator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T _alpha = alpha;

    public T Invoke(T y, T x) => y + _alpha * x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Invoke<TV, TOps>(TV y, TV x) where TV : struct where TOps : struct, IVectorOps<TV, T> => TOps.MultiplyAdd(x, TOps.Broadcast(_alpha), y);
}
