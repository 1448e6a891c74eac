namespace Kernels;

/// <summary>Whether a GEMM operand is used as stored or transposed (BLAS <c>CblasNoTrans</c>/<c>CblasTrans</c>).</summary>
public enum Transpose
{
    /// <summary>op(X) = X.</summary>
    NoTrans = 0,

    /// <summary>op(X) = Xᵀ.</summary>
    Trans = 1,
}
