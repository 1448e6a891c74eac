using System.Runtime.CompilerServices;

namespace Kernels.Simd;

/// <summary>
/// The vector operations the kernels need, as static members of a struct, one struct per width: a kernel, an
/// element-wise operator or an activation is written once over it, and the JIT specialises it per width and inlines every
/// call (no delegates, no virtual calls), exactly as if it had been written once per width. Multiply-add fuses where the
/// CPU has FMA.
/// </summary>
internal interface IVectorOps<TV, T> where TV : struct where T : unmanaged
{
    static abstract int Count { get; }
    static abstract bool IsAccelerated { get; }
    static abstract TV Zero { get; }
    static abstract TV One { get; }
    static abstract TV Load(ref T source, nint offset);
    static abstract void Store(TV value, ref T destination, nint offset);

    /// <summary>Stores to an address aligned to the vector's size, bypassing the caches where the CPU can (MOVNTPS/MOVNTPD
    /// on x64). The memory must be pinned.</summary>
    static abstract unsafe void StoreAlignedNonTemporal(TV value, T* destination);
    static abstract TV Broadcast(T value);
    static abstract TV Add(TV a, TV b);
    static abstract TV Subtract(TV a, TV b);
    static abstract TV Multiply(TV a, TV b);
    static abstract TV Divide(TV a, TV b);
    static abstract TV Negate(TV a);
    static abstract TV Sqrt(TV a);

    /// <summary>a·b + c.</summary>
    static abstract TV MultiplyAdd(TV a, TV b, TV c);
    static abstract T Sum(TV v);

    /// <summary>All-ones lanes where a &lt; b.</summary>
    static abstract TV LessThan(TV a, TV b);

    /// <summary>All-ones lanes where a ≤ b.</summary>
    static abstract TV LessThanOrEqual(TV a, TV b);

    /// <summary>All-ones lanes where a is NaN.</summary>
    static abstract TV IsNaN(TV a);

    /// <summary>a &amp; ~b.</summary>
    static abstract TV AndNot(TV a, TV b);
    static abstract TV Or(TV a, TV b);

    /// <summary>e^x (<see cref="VectorMath"/>).</summary>
    static abstract TV Exp(TV x);

    /// <summary>tanh x (<see cref="VectorMath"/>).</summary>
    static abstract TV Tanh(TV x);
}
