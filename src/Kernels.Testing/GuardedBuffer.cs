using System;
using System.Runtime.InteropServices;

namespace Kernels.Testing;

/// <summary>Where a <see cref="GuardedBuffer{T}"/>'s span sits against its inaccessible guard pages.</summary>
public enum GuardPlacement
{
    /// <summary>The span's last element is the last byte before a guard page: reading or writing one element past the end faults.</summary>
    After,

    /// <summary>The span's first element is the first byte after a guard page: touching the element before it faults.</summary>
    Before,
}

/// <summary>
/// Native memory flush against an inaccessible page, so a kernel that reads or writes even one element outside the span
/// crashes the process (SIGSEGV) instead of silently succeeding. Linux and macOS (mmap + mprotect).
/// </summary>
/// <remarks>
/// The region is mapped with a guard page on both sides; <see cref="GuardPlacement"/> picks which one the span touches.
/// Contents start zeroed. A crash is the intended failure signal: a test run dies with a segmentation fault naming no
/// test, so keep such tests small and run them in a suite that reports the last test started. Dispose to unmap.
/// </remarks>
/// <typeparam name="T">An unmanaged element type.</typeparam>
public sealed unsafe class GuardedBuffer<T> : IDisposable where T : unmanaged
{
    private readonly nint _mapping;
    private readonly nuint _mappingBytes;
    private readonly T* _data;
    private bool _disposed;

    /// <summary>Maps a buffer of <paramref name="length"/> elements flush against a guard page.</summary>
    /// <param name="length">Number of elements; 0 gives an empty span that still sits against the guard.</param>
    /// <param name="placement">Which end of the span touches a guard page.</param>
    /// <exception cref="PlatformNotSupportedException">Not Linux or macOS.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    /// <exception cref="InvalidOperationException">mmap or mprotect failed.</exception>
    public GuardedBuffer(int length, GuardPlacement placement = GuardPlacement.After)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (!IsSupported)
            throw new PlatformNotSupportedException("Guard-page buffers need mmap/mprotect (Linux or macOS).");

        nuint page = (nuint)Environment.SystemPageSize;
        nuint bytes = (nuint)length * (nuint)sizeof(T);
        nuint dataPages = (bytes + page - 1) / page;
        _mappingBytes = (dataPages + 2) * page;
        _mapping = Libc.MapAnonymous(_mappingBytes);
        byte* start = (byte*)_mapping;
        Libc.Protect(start, page, writable: false);                              // leading guard
        Libc.Protect(start + (dataPages + 1) * page, page, writable: false);     // trailing guard
        byte* dataStart = start + page;
        byte* dataEnd = start + (dataPages + 1) * page;
        _data = placement == GuardPlacement.After ? (T*)(dataEnd - bytes) : (T*)dataStart;
        Length = length;
        Placement = placement;
    }

    /// <summary>Whether guard-page buffers work on this system.</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS();

    /// <summary>The number of elements.</summary>
    public int Length { get; }

    /// <summary>Which end of the span touches a guard page.</summary>
    public GuardPlacement Placement { get; }

    /// <summary>The buffer's elements.</summary>
    /// <exception cref="ObjectDisposedException">The buffer was disposed.</exception>
    public Span<T> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return new Span<T>(_data, Length);
        }
    }

    /// <summary>Unmaps the memory; spans obtained earlier must no longer be used.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Libc.Unmap(_mapping, _mappingBytes);
        GC.SuppressFinalize(this);
    }

    /// <summary>Unmaps the memory if <see cref="Dispose"/> was not called.</summary>
    ~GuardedBuffer()
    {
        if (!_disposed) Libc.Unmap(_mapping, _mappingBytes);
    }
}

/// <summary>The few libc calls guard pages need, bound at run time through function pointers (no marshalling, AOT-safe).</summary>
internal static unsafe class Libc
{
    private const int ProtNone = 0, ProtRead = 1, ProtWrite = 2, MapPrivate = 2;
    private static readonly int MapAnonymousFlag = OperatingSystem.IsMacOS() ? 0x1000 : 0x20;

    private static readonly nint Handle = NativeLibrary.Load(OperatingSystem.IsMacOS() ? "/usr/lib/libSystem.dylib" : "libc.so.6");
    private static readonly delegate* unmanaged<nint, nuint, int, int, int, nint, nint> MmapFn =
        (delegate* unmanaged<nint, nuint, int, int, int, nint, nint>)NativeLibrary.GetExport(Handle, "mmap");
    private static readonly delegate* unmanaged<nint, nuint, int, int> MprotectFn =
        (delegate* unmanaged<nint, nuint, int, int>)NativeLibrary.GetExport(Handle, "mprotect");
    private static readonly delegate* unmanaged<nint, nuint, int> MunmapFn =
        (delegate* unmanaged<nint, nuint, int>)NativeLibrary.GetExport(Handle, "munmap");

    public static nint MapAnonymous(nuint bytes)
    {
        nint p = MmapFn(0, bytes, ProtRead | ProtWrite, MapPrivate | MapAnonymousFlag, -1, 0);
        if (p == -1 || p == 0)
            throw new InvalidOperationException($"mmap of {bytes} bytes failed (errno {Marshal.GetLastSystemError()}).");
        return p;
    }

    public static void Protect(byte* address, nuint bytes, bool writable)
    {
        if (MprotectFn((nint)address, bytes, writable ? ProtRead | ProtWrite : ProtNone) != 0)
            throw new InvalidOperationException($"mprotect failed (errno {Marshal.GetLastSystemError()}).");
    }

    public static void Unmap(nint address, nuint bytes) => _ = MunmapFn(address, bytes);
}
