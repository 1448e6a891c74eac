using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Kernels.Mlp;

/// <summary>
/// Replacing a file so that a reader, or a process that starts after a crash, sees either the old file or the new one,
/// never a part of either: the bytes go to a temporary file in the same folder, are flushed to the disk, and the
/// temporary file is then renamed over the target (one atomic step on a POSIX file system and on NTFS).
/// </summary>
internal static partial class AtomicFile
{
    /// <summary>The suffix of a temporary file; a crash (a killed process) may leave one behind, a normal write never does.</summary>
    public const string TemporarySuffix = ".tmp";

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, atomically.</summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="write">Writes the whole contents to the stream it is given (and does not close it).</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty or names a folder.</exception>
    /// <remarks>If anything fails (the writer throws, the disk is full, the rename is refused), the temporary file is
    /// removed and the target is left exactly as it was.</remarks>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string name = Path.GetFileName(full);
        if (name.Length == 0 || Directory.Exists(full))
            throw new ArgumentException($"'{path}' names a folder, not a file.", nameof(path));
        string folder = Path.GetDirectoryName(full)!;
        // Hidden, unique per process and call, and recognisably ours: ".model.kmlp.4711-9f2c1a0b.tmp".
        string temporary = Path.Combine(folder, $".{name}.{Environment.ProcessId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}{TemporarySuffix}");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                write(file);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temporary); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
        FlushFolder(folder);
    }

    // The rename is atomic, but on POSIX it is durable only once the folder's entry is on the disk too: without this, a
    // power cut right after Save returned could bring back the old file.
    private static void FlushFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
            return;
        int fd = Open(folder, 0 /* O_RDONLY */);
        if (fd < 0)
            return; // best effort: the file itself is already on the disk
        _ = FSync(fd);
        _ = Close(fd);
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int FSync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
