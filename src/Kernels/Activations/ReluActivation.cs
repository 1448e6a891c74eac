using System.Numerics;
using System.Runtime.Intrinsics;

namespace Kernels;

/// <summary>
/// σ(z) = z unless z &lt; 0, then 0: NaN passes through and −0 stays −0 (one compare and one mask, no max with its
/// NaN and signed-zero rules). σ'(a) = 1 when a &gt; 0, 0 when a ≤ 0, NaN when a is NaN, so a NaN activation still poisons δ.
/// </summary>
internal readonly struct ReluActivation<T> : IActivation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static bool UsesManyRegisters => false;

    public static T Forward(T z) => z < T.Zero ? T.Zero : z;
    public static Vector128<T> Forward(Vector128<T> z) => Vector128.AndNot(z, Vector128.LessThan(z, Vector128<T>.Zero));
    public static Vector256<T> Forward(Vector256<T> z) => Vector256.AndNot(z, Vector256.LessThan(z, Vector256<T>.Zero));
    public static Vector<T> Forward(Vector<T> z) => Vector.AndNot(z, Vector.LessThan(z, Vector<T>.Zero));

    public static T Derivative(T a) => a > T.Zero ? T.One : T.IsNaN(a) ? a : T.Zero;

    // (a > 0 ? 1 : 0) | (a is NaN ? a : 0): the NaN lanes keep a's bits, the others get an exact 0 or 1.
    public static Vector128<T> Derivative(Vector128<T> a) =>
        (Vector128.GreaterThan(a, Vector128<T>.Zero) & Vector128<T>.One) | (~Vector128.Equals(a, a) & a);
    public static Vector256<T> Derivative(Vector256<T> a) =>
        (Vector256.GreaterThan(a, Vector256<T>.Zero) & Vector256<T>.One) | (~Vector256.Equals(a, a) & a);
    public static Vector<T> Derivative(Vector<T> a) =>
        (Vector.GreaterThan(a, Vector<T>.Zero) & Vector<T>.One) | (~Vector.Equals(a, a) & a);
}
