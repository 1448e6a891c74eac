using System.Numerics;
using System.Runtime.Intrinsics;

namespace Kernels.MatrixMultiply;

/// <summary>
/// A micro-kernel's register tile as compile-time constants, so that the planner's rules for it divide by constants.
/// The same figures as <see cref="GemmTuning.Shape"/> gives at run time, and as the kernel's own MR and NR.
/// </summary>
internal interface ITileShape
{
    static abstract GemmKernel Kernel { get; }
    static abstract int MR { get; }
    static abstract int NR { get; }
    static abstract int VectorWidth { get; }
}

internal readonly struct Vector512Tile6x2<T> : ITileShape where T : unmanaged
{
    public static GemmKernel Kernel => GemmKernel.Vector512Tile6x2;
    public static int MR => 6;
    public static int NR => 2 * Vector512<T>.Count;
    public static int VectorWidth => Vector512<T>.Count;
}

internal readonly struct Vector256Tile6x2<T> : ITileShape where T : unmanaged
{
    public static GemmKernel Kernel => GemmKernel.Vector256Tile6x2;
    public static int MR => 6;
    public static int NR => 2 * Vector256<T>.Count;
    public static int VectorWidth => Vector256<T>.Count;
}

internal readonly struct AdvSimdTile8x3<T> : ITileShape where T : unmanaged
{
    public static GemmKernel Kernel => GemmKernel.AdvSimdTile8x3;
    public static int MR => 8;
    public static int NR => 3 * Vector128<T>.Count;
    public static int VectorWidth => Vector128<T>.Count;
}

internal readonly struct Vector128Tile6x2<T> : ITileShape where T : unmanaged
{
    public static GemmKernel Kernel => GemmKernel.Vector128Tile6x2;
    public static int MR => 6;
    public static int NR => 2 * Vector128<T>.Count;
    public static int VectorWidth => Vector128<T>.Count;
}

internal readonly struct VectorTTile6x2<T> : ITileShape where T : unmanaged
{
    public static GemmKernel Kernel => GemmKernel.VectorTTile6x2;
    public static int MR => 6;
    public static int NR => 2 * Vector<T>.Count;
    public static int VectorWidth => Vector<T>.Count;
}

internal readonly struct ScalarTile4x4 : ITileShape
{
    public static GemmKernel Kernel => GemmKernel.ScalarTile4x4;
    public static int MR => 4;
    public static int NR => 4;
    public static int VectorWidth => 1;
}
