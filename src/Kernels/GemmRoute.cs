namespace Kernels;

/// <summary>How a GEMM is computed (shown by <see cref="Gemm.Explain{T}(Transpose, Transpose, int, int, int, int)"/>): the planner's choice for a shape and a path.</summary>
public enum GemmRoute
{
    /// <summary>m = 0 or n = 0: C is empty.</summary>
    Nothing = 0,

    /// <summary>k = 0 or α = 0: C = β·C (C is not read when β = 0).</summary>
    ScaleOnly = 1,

    /// <summary>m = 1 or n = 1: register-blocked matrix–vector kernels (packing cannot help).</summary>
    MatrixVector = 2,

    /// <summary>At most a few dozen multiply-adds: a plain loop, cheaper than any set-up.</summary>
    Tiny = 3,

    /// <summary>k = 1 with β ∈ {0, 1}: an outer product, C streamed once row by row.</summary>
    RankOne = 4,

    /// <summary>A C a few columns (or rows) wide: each element a dot product along k, in register tiles of 4×3.</summary>
    DotProducts = 5,

    /// <summary>A product that fits in cache: the micro-kernel's two inner loops, nothing packed but what must be.</summary>
    Unpacked = 6,

    /// <summary>The five loops around the micro-kernel, with packing and cache blocking (and threads, when allowed).</summary>
    Blocked = 7,
}
