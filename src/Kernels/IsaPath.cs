namespace Kernels;

/// <summary>
/// The instruction-set paths the kernels run on. A higher value is a wider path.
/// </summary>
/// <remarks>
/// Every kernel has one implementation per path up to <see cref="Vector256"/>, and some have a 512-bit one;
/// <see cref="Isa.Current"/> says which path a call on the current thread runs, and <see cref="Isa.Force(IsaPath)"/>
/// selects a lower one for a scope.
/// </remarks>
public enum IsaPath
{
    /// <summary>Plain scalar loops; available everywhere. The same arithmetic as the reference implementations in <c>Kernels.Testing.Reference</c>.</summary>
    Scalar = 0,

    /// <summary>The portable <see cref="System.Numerics.Vector{T}"/> path, whose width the runtime picks (256 bits on AVX2, 128 on ARM64).</summary>
    VectorT = 1,

    /// <summary>Explicit 128-bit vectors: SSE (with FMA when the CPU has it) on x64, AdvSimd on ARM64.</summary>
    Vector128 = 2,

    /// <summary>Explicit 256-bit vectors: AVX2 and FMA on x64.</summary>
    Vector256 = 3,

    /// <summary>
    /// 512-bit vectors (AVX-512) where the runtime accelerates them: GEMM runs its 512-bit micro-kernel where the
    /// planner finds it pays, and the exact element-wise operations (multiply, add, scale) of long vectors run
    /// TensorPrimitives' 512-bit loop; every kernel without a 512-bit body runs its <see cref="Vector256"/> body.
    /// </summary>
    Vector512 = 4,
}
