using System;
using System.Runtime.InteropServices;

namespace Kernels.Bench.Native;

/// <summary>
/// A block of native memory aligned to 64 bytes (a cache line), so no benchmark's timing depends on where the garbage
/// collector happened to put an array (a 32-byte vector load straddling two cache lines costs extra on every line).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed unsafe class AlignedBuffer<T> : IDisposable where T : unmanaged
{
    private T* _pointer;

    /// <summary>Allocates <paramref name="length"/> zeroed elements.</summary>
    /// <param name="length">Number of elements, at least 0.</param>
    public AlignedBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        nuint bytes = (nuint)Math.Max(1, length) * (nuint)sizeof(T);
        _pointer = (T*)NativeMemory.AlignedAlloc(bytes, 64);
        NativeMemory.Clear(_pointer, bytes);
        GC.AddMemoryPressure((long)bytes);
    }

    /// <summary>Finalizer: frees the memory if <see cref="Dispose"/> was not called.</summary>
    ~AlignedBuffer() => Free();

    /// <summary>Number of elements.</summary>
    public int Length { get; }

    /// <summary>The elements.</summary>
    /// <exception cref="ObjectDisposedException">The buffer was disposed.</exception>
    public Span<T> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(_pointer is null, this);
            return new Span<T>(_pointer, Length);
        }
    }

    /// <summary>The address of the first element (valid until disposal).</summary>
    public T* Pointer => _pointer;

    /// <summary>Frees the memory.</summary>
    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        if (_pointer is null) return;
        NativeMemory.AlignedFree(_pointer);
        _pointer = null;
        GC.RemoveMemoryPressure((long)Math.Max(1, Length) * sizeof(T));
    }
}
