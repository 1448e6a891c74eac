namespace Kernels.MatrixMultiply;

/// <summary>The register-tiled micro-kernels, one per vector width (and AdvSimd's taller one).</summary>
internal enum GemmKernel : byte
{
    /// <summary>4 rows × 4 scalars: the Scalar path, and element types without vector kernels.</summary>
    ScalarTile4x4,

    /// <summary>6 rows × 2 <see cref="System.Numerics.Vector{T}"/>: the VectorT path.</summary>
    VectorTTile6x2,

    /// <summary>6 rows × 2 Vector128: the Vector128 path on x64 (SSE, with FMA where the CPU has it).</summary>
    Vector128Tile6x2,

    /// <summary>8 rows × 3 Vector128: the Vector128 path on ARM64, whose 32 vector registers hold 24 accumulators.</summary>
    AdvSimdTile8x3,

    /// <summary>6 rows × 2 Vector256 (AVX2 + FMA), with AVX masked loads and stores at the edges.</summary>
    Vector256Tile6x2,

    /// <summary>6 rows × 2 Vector512 (AVX-512).</summary>
    Vector512Tile6x2,
}

/// <summary>A micro-kernel's register tile for one element type.</summary>
/// <param name="MR">Rows of C per tile.</param>
/// <param name="NR">Columns of C per tile.</param>
/// <param name="VectorWidth">Elements per vector register (1 for the scalar kernel).</param>
internal readonly record struct TileShape(int MR, int NR, int VectorWidth);

/// <summary>Cache blocking of the five-loop driver: KC×NC panels of B, MC×KC blocks of A.</summary>
/// <param name="MC">Rows of A per block (a multiple of MR); MC·KC elements sit in L2.</param>
/// <param name="KC">Depth of a block; KC·NR elements of B sit in L1 while a micro-panel of A streams.</param>
/// <param name="NC">Columns of B per panel (a multiple of NR); KC·NC elements sit in L3.</param>
internal readonly record struct GemmBlocking(int MC, int KC, int NC);
