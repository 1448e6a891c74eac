using System.Numerics;
using System.Runtime.Intrinsics;

namespace Kernels.Vectors;

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

    /// <summary>
    /// True when one vector of the operation needs many registers at once (a polynomial's constants and its
    /// temporaries): the shared loops then run one vector per iteration instead of four. Four in flight would need more
    /// than the 16 vector registers of AVX2 and SSE, and the JIT spills inside the loop (measured without AVX-512:
    /// tanh 2.4× slower, sigmoid 1.25×; with AVX-512's 32 registers the two loops run equally fast).
    /// </summary>
    static virtual bool UsesManyRegisters => false;
}

/// <summary>An element-wise function of two operands; see <see cref="IUnaryOperator{T}"/>.</summary>
internal interface IBinaryOperator<T> where T : unmanaged
{
    T Invoke(T x, T y);
    Vector128<T> Invoke(Vector128<T> x, Vector128<T> y);
    Vector256<T> Invoke(Vector256<T> x, Vector256<T> y);
    Vector<T> Invoke(Vector<T> x, Vector<T> y);

    /// <inheritdoc cref="IUnaryOperator{T}.UsesManyRegisters"/>
    static virtual bool UsesManyRegisters => false;
}
