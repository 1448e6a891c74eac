using System.Numerics;
using Kernels.Simd;

namespace Kernels.Vectors;

/// <summary>
/// One activation function: the forward map σ(z), and its derivative expressed through the stored output a = σ(z),
/// which is what back-propagation has at hand (no need to keep z); each for one element and, once, for every width.
/// </summary>
internal interface IActivation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    static abstract T Forward(T z);
    static abstract TV Forward<TV, TOps>(TV z) where TV : struct where TOps : struct, IVectorOps<TV, T>;

    static abstract T Derivative(T a);
    static abstract TV Derivative<TV, TOps>(TV a) where TV : struct where TOps : struct, IVectorOps<TV, T>;

    /// <summary>Whether one vector of <see cref="Forward{TV, TOps}"/> needs many registers (see <see cref="IUnaryOperator{T}.UsesManyRegisters"/>).</summary>
    static abstract bool UsesManyRegisters { get; }
}
