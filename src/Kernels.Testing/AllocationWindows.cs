using System;

namespace Kernels.Testing;

/// <summary>
/// Measures what a piece of code allocates on the calling thread, in repeated windows: an allocation the code makes
/// shows in every window, while a one-off allocation the .NET runtime makes on whichever managed thread happens to be
/// running can only fall into one of them. The one seen here: the runtime's process-wide cast cache
/// (<c>CastHelpers</c>) doubling its table, an <c>int[]</c> of 12 336 bytes at its first growth (larger later), on the
/// thread that adds the entry that no longer fits, while new generic instantiations are being compiled anywhere in
/// the process; which call that lands in varies from run to run.
/// </summary>
public static class AllocationWindows
{
    /// <summary>
    /// Runs <paramref name="window"/> up to <paramref name="maxWindows"/> times, measuring each run with
    /// <see cref="GC.GetAllocatedBytesForCurrentThread"/>, and stops at the first run that allocates nothing.
    /// </summary>
    /// <param name="window">The code to measure (warmed up by the caller: JIT, buffers).</param>
    /// <param name="maxWindows">At most this many runs (at least 1).</param>
    /// <returns>The bytes each run allocated, in order; the last is 0 when the code allocates nothing.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxWindows"/> is below 1.</exception>
    public static long[] Measure(Action window, int maxWindows = 3)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWindows, 1);
        var bytes = new long[maxWindows];
        for (int i = 0; i < maxWindows; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            window();
            bytes[i] = GC.GetAllocatedBytesForCurrentThread() - before;
            if (bytes[i] == 0)
                return bytes[..(i + 1)];
        }
        return bytes;
    }
}
