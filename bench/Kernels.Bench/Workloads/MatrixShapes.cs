using System;
using Kernels.Bench.Machine;

namespace Kernels.Bench.Workloads;

/// <summary>Batch-shaped matrices (one sample per row) sized to fill a memory level.</summary>
internal static class MatrixShapes
{
    /// <summary>Rows and columns so that <paramref name="streams"/> matrices of that shape fill <paramref name="level"/>;
    /// the width grows with the level (256, 512, 1024, 4096 columns), like layer widths.</summary>
    public static (int Rows, int Cols) ForLevel(MemoryLevel level, int streams, int elementSize)
    {
        int cols = level switch { MemoryLevel.L1 => 256, MemoryLevel.L2 => 512, MemoryLevel.L3 => 1024, _ => 4096 };
        int rows = Math.Max(1, WorkingSets.Elements(level, streams, elementSize) / cols);
        return (rows, cols);
    }
}
