using System.Numerics;
using System.Runtime.Intrinsics;
using Kernels.Simd;

namespace Kernels.Vectors;

/// <summary>σ(z) = 1 / (1 + e^(−z)); σ' = a(1 − a). Saturates to exactly 0 below the exp overflow point and to 1 above.</summary>
internal readonly struct SigmoidActivation<T> : IActivation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool UsesManyRegisters => true;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)] // the scalar tail of every sigmoid call
    public static T Forward(T z) => T.One / (T.One + T.Exp(-z));
    public static Vector128<T> Forward(Vector128<T> z) => Vector128<T>.One / (Vector128<T>.One + VectorMath.Exp(-z));
    public static Vector256<T> Forward(Vector256<T> z) => Vector256<T>.One / (Vector256<T>.One + VectorMath.Exp(-z));
    public static Vector<T> Forward(Vector<T> z) => Vector<T>.One / (Vector<T>.One + VectorMath.Exp(-z));

    // Written as a * (1 - a) in that order at every width, so all paths round identically.
    public static T Derivative(T a) => a * (T.One - a);
    public static Vector128<T> Derivative(Vector128<T> a) => a * (Vector128<T>.One - a);
    public static Vector256<T> Derivative(Vector256<T> a) => a * (Vector256<T>.One - a);
    public static Vector<T> Derivative(Vector<T> a) => a * (Vector<T>.One - a);
}
