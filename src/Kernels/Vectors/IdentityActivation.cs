using System.Numerics;
using System.Runtime.Intrinsics;

namespace Kernels.Vectors;

/// <summary>σ(z) = z, σ' = 1.</summary>
internal readonly struct IdentityActivation<T> : IActivation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool UsesManyRegisters => false;

    public static T Forward(T z) => z;
    public static Vector128<T> Forward(Vector128<T> z) => z;
    public static Vector256<T> Forward(Vector256<T> z) => z;
    public static Vector<T> Forward(Vector<T> z) => z;

    public static T Derivative(T a) => T.One;
    public static Vector128<T> Derivative(Vector128<T> a) => Vector128<T>.One;
    public static Vector256<T> Derivative(Vector256<T> a) => Vector256<T>.One;
    public static Vector<T> Derivative(Vector<T> a) => Vector<T>.One;
}
