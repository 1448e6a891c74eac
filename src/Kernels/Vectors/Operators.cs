using Kernels.Simd;

namespace Kernels.Vectors;

/// <summary>
/// An element-wise function of one operand: <see cref="Invoke(T)"/> for one element, and the same function written once
/// over <see cref="IVectorOps{TV, T}"/> for every width. Implementations are structs, so the JIT specialises
/// <see cref="UnaryLoop"/> for each one and inlines it: no delegates, no virtual calls. Fields (a scalar factor, say) are
/// read once per call; every lane of every width must compute what <see cref="Invoke(T)"/> would for that element, up
/// to the rounding the kernel documents.
/// </summary>
internal interface IUnaryOperator<T> where T : unmanaged
{
    T Invoke(T x);

    TV Invoke<TV, TOps>(TV x) where TV : struct where TOps : struct, IVectorOps<TV, T>;

    /// <summary>
    /// True when one vector of the operation needs many registers at once (a polynomial's constants and its
    /// temporaries): the shared loops then run one vector per iteration instead of four. Four in flight would need more
    /// than the 16 vector registers of AVX2 and SSE, and the JIT would spill inside the loop.
    /// </summary>
    static virtual bool UsesManyRegisters => false;
}

/// <summary>An element-wise function of two operands; see <see cref="IUnaryOperator{T}"/>.</summary>
internal interface IBinaryOperator<T> where T : unmanaged
{
    T Invoke(T x, T y);

    TV Invoke<TV, TOps>(TV x, TV y) where TV : struct where TOps : struct, IVectorOps<TV, T>;

    /// <inheritdoc cref="IUnaryOperator{T}.UsesManyRegisters"/>
    static virtual bool UsesManyRegisters => false;
}
