using System.Numerics;
using System.Runtime.Intrinsics;
using Kernels.Simd;

namespace Kernels.Vectors;

/// <summary>σ(z) = tanh z; σ' = 1 − a². The vector forms are in <see cref="VectorMath"/>.</summary>
internal readonly struct TanhActivation<T> : IActivation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool UsesManyRegisters => true;

    public static T Forward(T z) => T.Tanh(z);
    public static Vector128<T> Forward(Vector128<T> z) => VectorMath.Tanh(z);
    public static Vector256<T> Forward(Vector256<T> z) => VectorMath.Tanh(z);
    public static Vector<T> Forward(Vector<T> z) => VectorMath.Tanh(z);

    // 1 - a*a without FMA at every width, so all paths round identically.
    public static T Derivative(T a) => T.One - a * a;
    public static Vector128<T> Derivative(Vector128<T> a) => Vector128<T>.One - a * a;
    public static Vector256<T> Derivative(Vector256<T> a) => Vector256<T>.One - a * a;
    public static Vector<T> Derivative(Vector<T> a) => Vector<T>.One - a * a;
}
