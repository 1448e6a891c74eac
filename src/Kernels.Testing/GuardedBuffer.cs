using System;
using System.Runtime.InteropServices;
using System.Threading;

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
/// crashes the process (SIGSEGV) instead of silently succeeding. Linux and macOS (mmap + mprotect); elsewhere the
/// constructor throws <see cref="PlatformNotSupportedException"/> (check <see cref="IsSupported"/> and skip the test).
/// </summary>
/// <remarks>
/// <para>
/// The region is mapped with a guard page on both sides; <see cref="GuardPlacement"/> picks which one the span touches.
/// A span touches both only when its byte length is a whole number of pages, so to check both ends run the test twice,
/// once per placement. With <see cref="GuardPlacement.After"/> the span starts wherever that puts it, aligned only to
/// the element size (a realistic, unaligned start for a vector kernel); with <see cref="GuardPlacement.Before"/> it
/// starts on a page boundary.
/// </para>
/// <para>
/// Contents start zeroed. A crash is the intended failure signal: a test run dies with a segmentation fault naming no
/// test, so keep such tests small and run them in a suite that reports the last test started.
/// </para>
/// <para>
/// Dispose to unmap, while no span into the buffer is in use (a span does not keep its buffer alive). There is
/// deliberately no finalizer: unmapping behind a span still in use would fault exactly like an overrun, so a buffer that
/// is never disposed keeps its pages until the process ends. <see cref="Dispose"/> is idempotent and thread-safe.
/// </para>
/// </remarks>
/// <typeparam name="T">An unmanaged element type.</typeparam>
public sealed unsafe class GuardedBuffer<T> : IDisposable where T : unmanaged
{
    private readonly nint _mapping;
    private readonly nuint _mappingBytes;
    private readonly T* _data;
    private int _disposed;

    /// <summary>Maps a buffer of <paramref name="length"/> elements flush against a guard page.</summary>
    /// <param name="length">Number of elements; 0 gives an empty span that still sits against the guard.</param>
    /// <param name="placement">Which end of the span touches a guard page.</param>
    /// <exception cref="PlatformNotSupportedException">Not Linux or macOS, or libc's mmap could not be found.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative, or <paramref name="placement"/> is not a defined value.</exception>
    /// <exception cref="InvalidOperationException">mmap or mprotect failed.</exception>
    public GuardedBuffer(int length, GuardPlacement placement = GuardPlacement.After)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (placement is not (GuardPlacement.After or GuardPlacement.Before))
            throw new ArgumentOutOfRangeException(nameof(placement), placement, "Not a GuardPlacement value.");
        if (!IsSupported)
            throw new PlatformNotSupportedException("Guard-page buffers need mmap/mprotect from libc (Linux or macOS).");

        nuint page = (nuint)Environment.SystemPageSize;
        nuint bytes = (nuint)length * (nuint)sizeof(T);
        nuint dataPages = (bytes + page - 1) / page;
        nuint mappingBytes = (dataPages + 2) * page;
        nint mapping = Libc.MapAnonymous(mappingBytes);
        byte* start = (byte*)mapping;
        try
        {
            Libc.Protect(start, page, writable: false);                              // leading guard
            Libc.Protect(start + (dataPages + 1) * page, page, writable: false);     // trailing guard
        }
        catch
        {
            Libc.Unmap(mapping, mappingBytes);
            throw;
        }
        byte* dataStart = start + page;
        byte* dataEnd = start + (dataPages + 1) * page;
        _mapping = mapping;
        _mappingBytes = mappingBytes;
        _data = placement == GuardPlacement.After ? (T*)(dataEnd - bytes) : (T*)dataStart;
        Length = length;
        Placement = placement;
    }

    /// <summary>Whether guard-page buffers work here: Linux or macOS, with libc's mmap, mprotect and munmap found.</summary>
    public static bool IsSupported => (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) && Libc.IsAvailable;

    /// <summary>The number of elements.</summary>
    public int Length { get; }

    /// <summary>Which end of the span touches a guard page.</summary>
    public GuardPlacement Placement { get; }

    /// <summary>The buffer's elements: <see cref="Length"/> of them, the first right after the leading guard page
    /// (<see cref="GuardPlacement.Before"/>) or the last right before the trailing one (<see cref="GuardPlacement.After"/>).</summary>
    /// <exception cref="ObjectDisposedException">The buffer was disposed.</exception>
    public Span<T> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return new Span<T>(_data, Length);
        }
    }

    /// <summary>Unmaps the memory; spans obtained earlier must no longer be used. Calling it again does nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        Libc.Unmap(_mapping, _mappingBytes);
    }
}

/// <summary>The few libc calls guard pages need, bound at run time through function pointers (no marshalling, AOT-safe).</summary>
internal static unsafe class Libc
{
    private const int ProtNone = 0, ProtRead = 1, ProtWrite = 2, MapPrivate = 2;
    private static readonly int MapAnonymousFlag = OperatingSystem.IsMacOS() ? 0x1000 : 0x20;

    private static readonly delegate* unmanaged<nint, nuint, int, int, int, nint, nint> MmapFn;
    private static readonly delegate* unmanaged<nint, nuint, int, int> MprotectFn;
    private static readonly delegate* unmanaged<nint, nuint, int> MunmapFn;

#pragma warning disable CA1810 // the lookups may fail; a static constructor keeps that in one place
    static Libc()
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())) return;
        // glibc's soname first; otherwise (musl, say) whatever libc the process already has loaded.
        nint handle = OperatingSystem.IsMacOS()
            ? (NativeLibrary.TryLoad("/usr/lib/libSystem.dylib", out nint h) ? h : 0)
            : (NativeLibrary.TryLoad("libc.so.6", out h) ? h : NativeLibrary.GetMainProgramHandle());
        if (handle == 0
            || !NativeLibrary.TryGetExport(handle, "mmap", out nint mmap)
            || !NativeLibrary.TryGetExport(handle, "mprotect", out nint mprotect)
            || !NativeLibrary.TryGetExport(handle, "munmap", out nint munmap))
            return;
        MmapFn = (delegate* unmanaged<nint, nuint, int, int, int, nint, nint>)mmap;
        MprotectFn = (delegate* unmanaged<nint, nuint, int, int>)mprotect;
        MunmapFn = (delegate* unmanaged<nint, nuint, int>)munmap;
    }
#pragma warning restore CA1810

    public static bool IsAvailable => MmapFn != null && MprotectFn != null && MunmapFn != null;

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
