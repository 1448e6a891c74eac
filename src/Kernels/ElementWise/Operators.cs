using System.Numerics;
using System.Runtime.Intrinsics;

namespace Kernels;

/// <summary>
/// An element-wise function of one operand, at every width the shared loops use. Implementations are structs, so the
/// JIT specialises <see cref="UnaryLoop"/> for each one and inlines it: no delegates, no virtual calls.
/// Fields (a scalar factor, say) are read once per call; every lane of every width must compute the same value as
/// <see cref="Invoke(T)"/> would for that element, up to the rounding the kernel documents.
/// </summary>
internal interface IUnaryOperator<T> where T : unmanaged
{
    T Invoke(T x);
    Vector128<T> Invoke(Vector128<T> x);
    Vector256<T> Invoke(Vector256<T> x);
    Vector<T> Invoke(Vector<T> x);
}

/// <summary>An element-wise function of two operands; see <see cref="IUnaryOperator{T}"/>.</summary>
internal interface IBinaryOperator<T> where T : unmanaged
{
    T Invoke(T x, T y);
    Vector128<T> Invoke(Vector128<T> x, Vector128<T> y);
    Vector256<T> Invoke(Vector256<T> x, Vector256<T> y);
    Vector<T> Invoke(Vector<T> x, Vector<T> y);
}
