using System.Numerics;
using System.Runtime.CompilerServices;
using Kernels.Simd;

namespace Kernels.Vectors;

/// <summary>σ(z).</summary>
internal readonly struct ActivateOperator<T, TAct> : IUnaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T> where TAct : struct, IActivation<T>
{
    public static bool UsesManyRegisters => TAct.UsesManyRegisters;

    public T Invoke(T z) => TAct.Forward(z);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Invoke<TV, TOps>(TV z) where TV : struct where TOps : struct, IVectorOps<TV, T> => TAct.Forward<TV, TOps>(z);
}

/// <summary>σ(x + b): bias add and activation in one pass.</summary>
internal readonly struct AddActivateOperator<T, TAct> : IBinaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T> where TAct : struct, IActivation<T>
{
    public static bool UsesManyRegisters => TAct.UsesManyRegisters;

    public T Invoke(T x, T b) => TAct.Forward(x + b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Invoke<TV, TOps>(TV x, TV b) where TV : struct where TOps : struct, IVectorOps<TV, T> => TAct.Forward<TV, TOps>(TOps.Add(x, b));
}

/// <summary>g ⊙ σ'(a), σ' taken from the stored activation a: the first step of back-propagation through a layer.</summary>
internal readonly struct DerivativeProductOperator<T, TAct> : IBinaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T> where TAct : struct, IActivation<T>
{
    public T Invoke(T g, T a) => g * TAct.Derivative(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Invoke<TV, TOps>(TV g, TV a) where TV : struct where TOps : struct, IVectorOps<TV, T> => TOps.Multiply(g, TAct.Derivative<TV, TOps>(a));
}
