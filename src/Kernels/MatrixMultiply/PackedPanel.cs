using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Kernels.MatrixMultiply;

/// <summary>
/// op(B) packed once for the micro-kernel of one path: slivers of NR columns, each all K rows of NR contiguous elements,
/// the last sliver zero-padded (the layout <see cref="Packing.PackB{T}"/> makes for one block, over the whole of k, so
/// that any KC block of a sliver is a contiguous part of it). Pinned and aligned to 64 bytes: worker threads and the
/// AVX kernels take its address, and a sliver row of a 256- or 512-bit kernel is then one or two whole cache lines.
/// </summary>
internal sealed unsafe class PackedPanel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int Alignment = 64;
    private readonly T[] _buffer;
    private readonly int _offset;

    public PackedPanel(ref T b, nint ldb, bool transB, int k, int n, IsaPath path)
    {
        Kernel = KernelOf(path);
        NR = GemmTuning.Shape(Kernel, Unsafe.SizeOf<T>()).NR;
        K = k;
        N = n;
        TransB = transB;
        long length = ((long)n + NR - 1) / NR * NR * k;
        int slack = Alignment / Unsafe.SizeOf<T>();
        _buffer = GC.AllocateUninitializedArray<T>(checked((int)(length + slack)), pinned: true);
        _offset = (int)((Alignment - (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_buffer)) % Alignment) % Alignment / Unsafe.SizeOf<T>());
        Repack(ref b, ldb);
    }

    /// <summary>The micro-kernel the panel is laid out for.</summary>
    public GemmKernel Kernel { get; }

    /// <summary>The kernel's sliver width.</summary>
    public int NR { get; }

    /// <summary>Rows of op(B).</summary>
    public int K { get; }

    /// <summary>Columns of op(B).</summary>
    public int N { get; }

    /// <summary>Whether B was stored transposed (op(B) = Bᵀ).</summary>
    public bool TransB { get; }

    /// <summary>Bytes held, padding included.</summary>
    public long Bytes => (long)_buffer.Length * Unsafe.SizeOf<T>();

    /// <summary>The first element of the first sliver.</summary>
    public ref T Data => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_buffer), _offset);

    /// <summary>Packs B again into the same memory (B of the same shape and orientation, new values).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Repack(ref T b, nint ldb)
    {
        if (K == 0 || N == 0)
            return;
        // Transposes in AVX registers wherever the CPU has them: packing is a copy, the same values whatever moves them.
        Packing.PackB(ref b, ldb, TransB, K, N, NR, ref Data, useAvx: Avx.IsSupported && Kernel is GemmKernel.Vector256Tile6x2 or GemmKernel.Vector512Tile6x2);
    }

    /// <summary>The tile kernel the planner picks on <paramref name="path"/> for products large enough to be blocked.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static GemmKernel KernelOf(IsaPath path)
    {
        GemmKernel kernel = GemmPlanner.PathKernel<T>(path);
        return kernel == GemmKernel.Vector256Tile6x2 && path == IsaPath.Vector512 ? GemmKernel.Vector512Tile6x2 : kernel;
    }
}
