namespace Kernels.Bench.Machine;

/// <summary>The level of the memory hierarchy a benchmark's working set is sized to live in.</summary>
public enum MemoryLevel
{
    /// <summary>The level-1 data cache of one core.</summary>
    L1,

    /// <summary>The level-2 cache of one core.</summary>
    L2,

    /// <summary>The last-level (shared) cache.</summary>
    L3,

    /// <summary>Main memory: the working set is several times the last-level cache.</summary>
    Dram,
}

/// <summary>How a kernel streams memory; it selects which measured bandwidth peak the kernel is held against.</summary>
public enum AccessPattern
{
    /// <summary>One stream read, nothing written (sums).</summary>
    Read,

    /// <summary>One stream read, another written (scale, activations, bias add, softmax).</summary>
    Copy,

    /// <summary>Two streams read, a third written (Hadamard, add, the fused δ).</summary>
    Triad,

    /// <summary>One stream updated in place (read, then written back: the rank-1 update of C). Cheaper than
    /// <see cref="Copy"/> at the same byte count: a written line was just read, so no read-for-ownership is needed.</summary>
    Update,

    /// <summary>One stream read and a second updated in place (axpy).</summary>
    ReadUpdate,
}

/// <summary>How a kernel's speed is best expressed.</summary>
public enum PerformanceMetric
{
    /// <summary>Bytes moved per second, against the bandwidth peak of the level and access pattern.</summary>
    Bandwidth,

    /// <summary>Floating-point operations per second, against the FMA peak of one core.</summary>
    Flops,
}
