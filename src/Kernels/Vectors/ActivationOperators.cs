using System.Numerics;
using System.Runtime.Intrinsics;

namespace Kernels.Vectors;

/// <summary>σ(z).</summary>
internal readonly struct ActivateOperator<T, TAct> : IUnaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T> where TAct : struct, IActivation<T>
{
    public static bool UsesManyRegisters => TAct.UsesManyRegisters;
    public T Invoke(T z) => TAct.Forward(z);
    public Vector128<T> Invoke(Vector128<T> z) => TAct.Forward(z);
    public Vector256<T> Invoke(Vector256<T> z) => TAct.Forward(z);
    public Vector<T> Invoke(Vector<T> z) => TAct.Forward(z);
}

/// <summary>σ(x + b): bias add and activation in one pass.</summary>
internal readonly struct AddActivateOperator<T, TAct> : IBinaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T> where TAct : struct, IActivation<T>
{
    public static bool UsesManyRegisters => TAct.UsesManyRegisters;
    public T Invoke(T x, T b) => TAct.Forward(x + b);
    public Vector128<T> Invoke(Vector128<T> x, Vector128<T> b) => TAct.Forward(x + b);
    public Vector256<T> Invoke(Vector256<T> x, Vector256<T> b) => TAct.Forward(x + b);
    public Vector<T> Invoke(Vector<T> x, Vector<T> b) => TAct.Forward(x + b);
}

/// <summary>g ⊙ σ'(a), σ' taken from the stored activation a: the first step of back-propagation through a layer.</summary>
internal readonly struct DerivativeProductOperator<T, TAct> : IBinaryOperator<T>
    where T : unmanaged, IFloatingPointIeee754<T> where TAct : struct, IActivation<T>
{
    public T Invoke(T g, T a) => g * TAct.Derivative(a);
    public Vector128<T> Invoke(Vector128<T> g, Vector128<T> a) => g * TAct.Derivative(a);
    public Vector256<T> Invoke(Vector256<T> g, Vector256<T> a) => g * TAct.Derivative(a);
    public Vector<T> Invoke(Vector<T> g, Vector<T> a) => g * TAct.Derivative(a);
}
