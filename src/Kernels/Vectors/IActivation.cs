using System.Numerics;
using System.Runtime.Intrinsics;

namespace Kernels.Vectors;

/// <summary>
/// One activation function at every width: the forward map σ(z), and its derivative expressed through the stored
/// output a = σ(z), which is what back-propagation has at hand (no need to keep z).
/// </summary>
internal interface IActivation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    static abstract T Forward(T z);
    static abstract Vector128<T> Forward(Vector128<T> z);
    static abstract Vector256<T> Forward(Vector256<T> z);
    static abstract Vector<T> Forward(Vector<T> z);

    static abstract T Derivative(T a);
    static abstract Vector128<T> Derivative(Vector128<T> a);
    static abstract Vector256<T> Derivative(Vector256<T> a);
    static abstract Vector<T> Derivative(Vector<T> a);

    /// <summary>Whether <see cref="Forward(Vector256{T})"/> needs many registers (see <see cref="IUnaryOperator{T}.UsesManyRegisters"/>).</summary>
    static abstract bool UsesManyRegisters { get; }
}
