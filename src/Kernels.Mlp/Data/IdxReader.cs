using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Numerics;

namespace Kernels.Mlp.Data;

/// <summary>
/// Reads the IDX files of MNIST and Fashion-MNIST, plain or gzip-compressed (recognised by the gzip magic 1F 8B, not by
/// the file name), and validates them completely.
/// </summary>
/// <remarks>
/// <para>
/// Format: a big-endian header, then the values as unsigned bytes. Images: magic 0x00000803 (type 0x08 unsigned byte,
/// 3 dimensions), count, rows, columns, then count·rows·columns pixels. Labels: magic 0x00000801, count, then count
/// labels.
/// </para>
/// <para>
/// Checks: the magic number (type and number of dimensions, each named in the message); every dimension at least 1,
/// rows·columns at most <see cref="MaxPixelsPerImage"/> and count·rows·columns at most <see cref="Array.MaxLength"/>;
/// the length (a file that ends early, or goes on past the data its header announces, is rejected); labels below the
/// class count when one is given; and, for a pair, equal counts. Any failure is an <see cref="IdxFormatException"/>
/// naming the file; corrupt gzip data is one too (with the decompressor's error inside).
/// </para>
/// <para>
/// Streaming: the data is decoded in 64 KiB chunks straight into the result, so memory holds the result and one chunk.
/// A plain file's length is checked against its header before anything large is allocated; for a gzip file the
/// header's claim is checked against what deflate can expand the file to (1032:1).
/// </para>
/// <para>
/// A gzip file must be a single gzip member ending with its trailer (CRC-32 and length, both checked): .NET's
/// <see cref="GZipStream"/> alone would accept a file cut inside or before the trailer, or followed by other bytes.
/// </para>
/// </remarks>
public static class IdxReader
{
    /// <summary>Magic number of an image file: unsigned bytes (0x08), 3 dimensions.</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of a label file: unsigned bytes (0x08), 1 dimension.</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>The largest image this reader accepts, in pixels (rows·columns): 2^24.</summary>
    public const int MaxPixelsPerImage = 1 << 24;

    private const int ChunkSize = 64 * 1024;
    private const int DeflateMaxRatio = 1032; // the most deflate can expand: a 258-byte match in about 2 bits

    /// <summary>Reads an image file (plain or gzip) and scales the pixels to [0, 1].</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="path">The file, e.g. <c>train-images-idx3-ubyte.gz</c>.</param>
    /// <returns>The images, one per row.</returns>
    /// <exception cref="IdxFormatException">The file is not a valid IDX image file.</exception>
    public static IdxImages<T> ReadImages<T>(string path) where T : unmanaged, IFloatingPointIeee754<T>
    {
        using FileStream file = OpenFile(path);
        return ReadImages<T>(file, path);
    }

    /// <summary>Reads an image file (plain or gzip) from a stream and scales the pixels to [0, 1]. The stream is read to its end and not closed.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="stream">A readable stream positioned at the start of the file.</param>
    /// <param name="name">What to call the stream in error messages (default: the file name of a <see cref="FileStream"/>, else "stream").</param>
    /// <returns>The images, one per row.</returns>
    /// <exception cref="IdxFormatException">The data is not a valid IDX image file.</exception>
    public static IdxImages<T> ReadImages<T>(Stream stream, string? name = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(stream);
        name ??= NameOf(stream);
        return Decode(stream, name, (input, extent) =>
        {
            Span<byte> header = stackalloc byte[16];
            ReadHeader(input, header[..4], 0, 16, name);
            CheckMagic(header, ImagesMagic, name);
            ReadHeader(input, header[4..], 4, 16, name);
            int count = ReadDimension(header, 4, "image count", name);
            int rows = ReadDimension(header, 8, "row count", name);
            int columns = ReadDimension(header, 12, "column count", name);
            long perImage = (long)rows * columns;
            if (perImage > MaxPixelsPerImage)
                throw Error(name, $"the header claims {rows}×{columns} images ({perImage} pixels each); this reader accepts at most {MaxPixelsPerImage} pixels per image.");
            long total = perImage * count;
            if (total > Array.MaxLength)
                throw Error(name, $"the header claims {count} images of {rows}×{columns} pixels, {total} pixels in all; this reader accepts at most {Array.MaxLength}.");
            CheckClaim(extent, 16, total, $"{count} images of {rows}×{columns} pixels", name);

            var pixels = new T[total];
            ReadPayload(input, pixels.AsSpan(), ScaleTable<T>.Values, 16, $"{count} images of {rows}×{columns} pixels", name);
            return new IdxImages<T>(pixels, count, rows, columns);
        });
    }

    /// <summary>Reads a label file (plain or gzip).</summary>
    /// <param name="path">The file, e.g. <c>train-labels-idx1-ubyte.gz</c>.</param>
    /// <param name="classCount">If given, every label must be below it (10 for MNIST).</param>
    /// <returns>The labels.</returns>
    /// <exception cref="IdxFormatException">The file is not a valid IDX label file, or a label is not below <paramref name="classCount"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classCount"/> is not in 1…256.</exception>
    public static int[] ReadLabels(string path, int? classCount = null)
    {
        CheckClassCount(classCount);
        using FileStream file = OpenFile(path);
        return ReadLabels(file, classCount, path);
    }

    /// <summary>Reads a label file (plain or gzip) from a stream. The stream is read to its end and not closed.</summary>
    /// <param name="stream">A readable stream positioned at the start of the file.</param>
    /// <param name="classCount">If given, every label must be below it (10 for MNIST).</param>
    /// <param name="name">What to call the stream in error messages (default: the file name of a <see cref="FileStream"/>, else "stream").</param>
    /// <returns>The labels.</returns>
    /// <exception cref="IdxFormatException">The data is not a valid IDX label file, or a label is not below <paramref name="classCount"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classCount"/> is not in 1…256.</exception>
    public static int[] ReadLabels(Stream stream, int? classCount = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        CheckClassCount(classCount);
        name ??= NameOf(stream);
        return Decode(stream, name, (input, extent) =>
        {
            Span<byte> header = stackalloc byte[8];
            ReadHeader(input, header[..4], 0, 8, name);
            CheckMagic(header, LabelsMagic, name);
            ReadHeader(input, header[4..], 4, 8, name);
            int count = ReadDimension(header, 4, "label count", name);
            CheckClaim(extent, 8, count, $"{count} labels", name);

            var labels = new int[count];
            ReadPayload(input, labels.AsSpan(), LabelTable.Values, 8, $"{count} labels", name);
            if (classCount is int classes)
                for (int i = 0; i < labels.Length; i++)
                    if (labels[i] >= classes)
                        throw Error(name, $"label {i} is {labels[i]}, but there are {classes} classes (labels 0 to {classes - 1}).");
            return labels;
        });
    }

    /// <summary>Reads an image file and its label file and checks that they pair up.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="imagesPath">The image file.</param>
    /// <param name="labelsPath">The label file.</param>
    /// <param name="classCount">If given, every label must be below it (10 for MNIST).</param>
    /// <returns>The images and labels.</returns>
    /// <exception cref="IdxFormatException">A file is invalid, or they hold different numbers of samples.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classCount"/> is not in 1…256.</exception>
    public static IdxDataSet<T> ReadDataSet<T>(string imagesPath, string labelsPath, int? classCount = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckClassCount(classCount);
        int[] labels = ReadLabels(labelsPath, classCount); // the small file first: a mismatch costs nothing
        IdxImages<T> images = ReadImages<T>(imagesPath);
        return Pair(images, imagesPath, labels, labelsPath);
    }

    /// <summary>Reads images and labels from two streams and checks that they pair up. The streams are not closed.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="images">The image file's stream.</param>
    /// <param name="labels">The label file's stream.</param>
    /// <param name="classCount">If given, every label must be below it.</param>
    /// <returns>The images and labels.</returns>
    /// <exception cref="IdxFormatException">A stream holds an invalid file, or they hold different numbers of samples.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classCount"/> is not in 1…256.</exception>
    public static IdxDataSet<T> ReadDataSet<T>(Stream images, Stream labels, int? classCount = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        string labelsName = NameOf(labels), imagesName = NameOf(images);
        int[] l = ReadLabels(labels, classCount, labelsName);
        return Pair(ReadImages<T>(images, imagesName), imagesName, l, labelsName);
    }

    private static IdxDataSet<T> Pair<T>(IdxImages<T> images, string imagesName, int[] labels, string labelsName)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (images.Count != labels.Length)
            throw new IdxFormatException(
                $"IDX files '{imagesName}' and '{labelsName}' do not pair up: {images.Count} images but {labels.Length} labels.");
        return new IdxDataSet<T>(images, labels);
    }

    private static void CheckClassCount(int? classCount)
    {
        if (classCount is int c && (c < 1 || c > 256))
            throw new ArgumentOutOfRangeException(nameof(classCount), c, "A class count must be 1 to 256 (labels are bytes).");
    }

    private static FileStream OpenFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
    }

    private static string NameOf(Stream stream) => stream is FileStream f ? f.Name : "stream";

    /// <summary>What is known of the decoded length before reading: the exact length (a plain seekable stream), an upper bound (gzip over a seekable stream), or nothing.</summary>
    private readonly record struct Extent(long Length, bool Exact, bool Known);

    /// <summary>
    /// Runs <paramref name="read"/> on the decoded stream: the original, or a <see cref="GZipStream"/> over it when it starts
    /// with 1F 8B, with what is known of the decoded length.
    /// </summary>
    private static TResult Decode<TResult>(Stream stream, string name, Func<Stream, Extent, TResult> read)
    {
        if (!stream.CanRead)
            throw new ArgumentException("The stream is not readable.", nameof(stream));
        byte[] start = new byte[2];
        int got = stream.ReadAtLeast(start, 2, throwOnEndOfStream: false);
        long? remaining = stream.CanSeek ? stream.Length - stream.Position : null;
        var replay = new PrefixedStream(start.AsMemory(0, got), stream);
        if (got == 2 && start[0] == 0x1F && start[1] == 0x8B)
        {
            using var gzip = new GZipStream(replay, CompressionMode.Decompress, leaveOpen: true);
            var decoded = new PrefixedStream(ReadOnlyMemory<byte>.Empty, gzip);
            try
            {
                TResult result = read(decoded, remaining is long r ? new Extent((r + 2) * DeflateMaxRatio, Exact: false, Known: true) : default);
                CheckGzipEnd(replay, decoded.BytesRead, name);
                return result;
            }
            catch (InvalidDataException e)
            {
                throw Error(name, $"the gzip data is corrupt ({e.Message})", e);
            }
        }
        return read(replay, remaining is long rest ? new Extent(rest + got, Exact: true, Known: true) : default);
    }

    /// <summary>
    /// GZipStream checks a gzip trailer's CRC-32 and length when the trailer is there, but ends quietly when the file stops
    /// before or inside it, and ignores bytes after it. So: the compressed stream must end with a trailer whose length field
    /// is the decoded length (mod 2^32) — which also restricts files to one gzip member, as gzip and pigz write them.
    /// </summary>
    private static void CheckGzipEnd(PrefixedStream compressed, long decodedLength, string name)
    {
        byte[] rest = new byte[4096];
        while (compressed.Read(rest) > 0) { } // whatever the decompressor left unread
        ReadOnlySpan<byte> tail = compressed.Tail;
        uint stated = tail.Length == 8 ? BinaryPrimitives.ReadUInt32LittleEndian(tail[4..]) : 0;
        if (tail.Length < 8 || stated != (uint)decodedLength)
            throw Error(name, $"the gzip data decodes to {decodedLength} bytes but the file does not end with a gzip trailer stating that length " +
                $"(it ends with {Convert.ToHexString(tail)}): it is truncated, has bytes after the compressed data, or holds several gzip members (not supported).");
    }

    private static void ReadHeader(Stream input, Span<byte> part, int offset, int headerLength, string name)
    {
        int n = input.ReadAtLeast(part, part.Length, throwOnEndOfStream: false);
        if (n < part.Length)
            throw Error(name, $"truncated: it ends after {offset + n} bytes, inside the {headerLength}-byte header.");
    }

    private static void CheckMagic(ReadOnlySpan<byte> header, int expected, string name)
    {
        int magic = BinaryPrimitives.ReadInt32BigEndian(header);
        if (magic == expected)
            return;
        string what = expected == ImagesMagic ? "an image file" : "a label file";
        string detail;
        if (header[0] != 0 || header[1] != 0)
            detail = "this is not an IDX file (an IDX magic number starts with two zero bytes)";
        else if (header[2] != 0x08)
            detail = $"its values are of type 0x{header[2]:X2} ({TypeName(header[2])}); this reader reads unsigned bytes (0x08) only";
        else if (magic == ImagesMagic || magic == LabelsMagic)
            detail = $"this is {(magic == ImagesMagic ? "an image file" : "a label file")}";
        else
            detail = $"it has {header[3]} dimensions, expected {expected & 0xFF}";
        throw Error(name, $"the magic number is 0x{magic:X8}, expected 0x{expected:X8} for {what}: {detail}.");
    }

    private static string TypeName(byte type) => type switch
    {
        0x09 => "signed bytes",
        0x0B => "16-bit integers",
        0x0C => "32-bit integers",
        0x0D => "32-bit floats",
        0x0E => "64-bit floats",
        _ => "not an IDX type",
    };

    private static int ReadDimension(ReadOnlySpan<byte> header, int offset, string what, string name)
    {
        int value = BinaryPrimitives.ReadInt32BigEndian(header[offset..]);
        if (value < 1)
            throw Error(name, $"the header's {what} is {value}; it must be at least 1.");
        return value;
    }

    /// <summary>Rejects a header that announces more data than the stream can hold, or (a plain file) other than it holds, before allocating.</summary>
    private static void CheckClaim(Extent extent, int headerLength, long payload, string what, string name)
    {
        long claimed = headerLength + payload;
        if (!extent.Known || claimed == extent.Length || (!extent.Exact && claimed < extent.Length))
            return;
        if (!extent.Exact)
            throw Error(name, $"the header announces {what} ({claimed} bytes with the header), more than this gzip file can decompress to (at most {extent.Length} bytes at deflate's 1032:1): the file is truncated or its header is wrong.");
        if (claimed > extent.Length)
            throw Error(name, $"truncated: the header announces {what} ({claimed} bytes with the header) but the file has {extent.Length} bytes.");
        throw Error(name, $"the header announces {what} ({claimed} bytes with the header) but the file has {extent.Length} bytes: {extent.Length - claimed} bytes follow the data.");
    }

    /// <summary>Decodes exactly destination.Length bytes through <paramref name="table"/>, then requires the end of the stream.</summary>
    private static void ReadPayload<TValue>(Stream input, Span<TValue> destination, TValue[] table, int headerLength, string what, string name)
    {
        byte[] chunk = new byte[Math.Min(ChunkSize, destination.Length)];
        int done = 0;
        while (done < destination.Length)
        {
            int want = Math.Min(chunk.Length, destination.Length - done);
            int n = input.Read(chunk, 0, want);
            if (n == 0)
                throw Error(name, $"truncated: the header announces {what} ({(long)headerLength + destination.Length} bytes with the header) but the data ends after {(long)headerLength + done}.");
            Span<TValue> d = destination.Slice(done, n);
            for (int i = 0; i < d.Length; i++)
                d[i] = table[chunk[i]];
            done += n;
        }
        if (input.Read(chunk, 0, 1) > 0)
            throw Error(name, $"the header announces {what} ({(long)headerLength + destination.Length} bytes with the header) but more bytes follow the data.");
    }

    private static IdxFormatException Error(string name, string problem, Exception? inner = null) => new(name, problem, inner);

    private static class ScaleTable<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        // v/255, correctly rounded: 0 → 0 and 255 → 1 exactly.
        public static readonly T[] Values = Build();

        private static T[] Build()
        {
            var t = new T[256];
            for (int i = 0; i < 256; i++)
                t[i] = T.CreateChecked(i) / T.CreateChecked(255);
            return t;
        }
    }

    private static class LabelTable
    {
        public static readonly int[] Values = Build();

        private static int[] Build()
        {
            var t = new int[256];
            for (int i = 0; i < 256; i++)
                t[i] = i;
            return t;
        }
    }
}
