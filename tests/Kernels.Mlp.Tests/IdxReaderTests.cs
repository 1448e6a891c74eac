using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Kernels.Mlp.Data;
using Xunit;

namespace Kernels.Mlp.Tests;

/// <summary>
/// The IDX reader on hand-built files, plain and gzip, from paths and from streams of every kind (seekable, forward-only,
/// one byte per read); every corruption it must reject; and, when the Debian package is installed, the real Fashion-MNIST.
/// </summary>
public sealed class IdxReaderTests : IDisposable
{
    private const string FashionMnist = "/usr/share/datasets/fashion-mnist";
    private readonly string _dir = Directory.CreateTempSubdirectory("idx-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // --- building files ------------------------------------------------------------------------------------------

    private static byte[] Header(int magic, params int[] dims)
    {
        var h = new byte[4 + 4 * dims.Length];
        BinaryPrimitives.WriteInt32BigEndian(h, magic);
        for (int i = 0; i < dims.Length; i++)
            BinaryPrimitives.WriteInt32BigEndian(h.AsSpan(4 + 4 * i), dims[i]);
        return h;
    }

    private static byte[] ImageFile(int count, int rows, int columns, byte[] pixels) => [.. Header(0x803, count, rows, columns), .. pixels];

    private static byte[] LabelFile(byte[] labels) => [.. Header(0x801, labels.Length), .. labels];

    private static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true))
            gz.Write(data);
        return ms.ToArray();
    }

    /// <summary>Pixels 0, 255 and everything between, in an order that tells rows and images apart.</summary>
    private static byte[] Pixels(int n) => [.. Enumerable.Range(0, n).Select(i => (byte)(i * 37 % 256))];

    private static readonly (int Count, int Rows, int Columns) Shape = (3, 5, 7); // 105 pixels: 0 and 255 both occur
    private static readonly byte[] SmallPixels = Pixels(3 * 5 * 7);
    private static readonly byte[] SmallImages = ImageFile(3, 5, 7, SmallPixels);
    private static readonly byte[] SmallLabels = LabelFile([9, 0, 3]);

    private string Write(string name, byte[] data)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, data);
        return path;
    }

    /// <summary>The ways a file reaches the reader: a path, a seekable stream, a forward-only one, one that returns a byte per read.</summary>
    public enum Source { Path, Seekable, ForwardOnly, Trickle }

    public static TheoryData<Source, bool> Sources() =>
        new(from s in Enum.GetValues<Source>() from gz in new[] { false, true } select (s, gz));

    private IdxImages<T> ReadImages<T>(byte[] file, Source source, string name = "images")
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        if (source == Source.Path)
            return IdxReader.ReadImages<T>(Write(name, file));
        using Stream s = Open(file, source);
        return IdxReader.ReadImages<T>(s, name);
    }

    private int[] ReadLabels(byte[] file, Source source, int? classes = null, string name = "labels")
    {
        if (source == Source.Path)
            return IdxReader.ReadLabels(Write(name, file), classes);
        using Stream s = Open(file, source);
        return IdxReader.ReadLabels(s, classes, name);
    }

    private static Stream Open(byte[] file, Source source) => source switch
    {
        Source.Seekable => new MemoryStream(file, writable: false),
        Source.ForwardOnly => new ForwardOnlyStream(file, maxRead: int.MaxValue),
        _ => new ForwardOnlyStream(file, maxRead: 1),
    };

    // --- reading back ----------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(Sources))]
    public void Images_read_back_exactly_in_float_and_double(Source source, bool gzip)
    {
        byte[] file = gzip ? Gzip(SmallImages) : SmallImages;
        var f = ReadImages<float>(file, source);
        var d = ReadImages<double>(file, source);

        Assert.Equal(Shape, (f.Count, f.Rows, f.Columns));
        Assert.Equal(Shape, (d.Count, d.Rows, d.Columns));
        Assert.Equal(35, f.PixelsPerImage);
        Assert.Equal((3, 35), (f.Pixels.Height, f.Pixels.Width));
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 35; j++)
            {
                byte b = SmallPixels[i * 35 + j];
                Assert.Equal(b / 255f, f.Pixels[i, j]);   // correctly rounded v/255 ...
                Assert.Equal(b / 255.0, d.Pixels[i, j]);
                Assert.Equal(f.Pixels[i, j], f.Image(i)[j]);
            }
        Assert.Contains(0f, f.Image(0).ToArray());         // ... so the ends are exact
        Assert.Contains(1f, f.Pixels.ToArray().Cast<float>());
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void Labels_read_back_exactly(Source source, bool gzip)
    {
        byte[] labels = [.. Enumerable.Range(0, 300).Select(i => (byte)(i % 256))];
        byte[] file = LabelFile(labels);
        Assert.Equal(labels.Select(b => (int)b), ReadLabels(gzip ? Gzip(file) : file, source));
    }

    [Fact]
    public void A_gzip_file_is_recognised_by_its_magic_not_its_name()
    {
        string plainNamedGz = Write("plain.gz", SmallLabels);
        string gzipNamedPlain = Write("compressed-labels", Gzip(SmallLabels));
        Assert.Equal([9, 0, 3], IdxReader.ReadLabels(plainNamedGz));
        Assert.Equal([9, 0, 3], IdxReader.ReadLabels(gzipNamedPlain));
    }

    [Fact]
    public void A_data_set_pairs_images_with_labels_and_feeds_a_network()
    {
        var set = IdxReader.ReadDataSet<float>(Write("i.gz", Gzip(SmallImages)), Write("l", SmallLabels), classCount: 10);
        Assert.Equal(3, set.Count);
        Assert.Equal([9, 0, 3], set.Labels.ToArray());

        var network = new Network<float>([35, 4, 10], [Activation.Relu, Activation.Identity], seed: 1);
        var predicted = new int[3];
        network.Classify(network.CreateWorkspace(3), set.Images.Pixels, predicted);
        var trainer = new Trainer<float>(network, new SgdOptimizer<float>(0.1f), Loss.SoftmaxCrossEntropy, 3);
        Assert.True(float.IsFinite(trainer.Step(set.Images.Pixels, set.Labels)));

        using var images = new MemoryStream(SmallImages);
        using var labels = new MemoryStream(SmallLabels);
        Assert.Equal(3, IdxReader.ReadDataSet<double>(images, labels).Count);
    }

    [Fact]
    public void The_stream_is_left_open()
    {
        using var s = new MemoryStream(Gzip(SmallLabels));
        IdxReader.ReadLabels(s);
        Assert.True(s.CanRead);
        Assert.Equal(s.Length, s.Position);
    }

    // --- rejecting -------------------------------------------------------------------------------------------------

    private static void Rejects(string name, string[] fragments, Action read)
    {
        var e = Assert.Throws<IdxFormatException>(read);
        Assert.Contains(name, e.Message, StringComparison.Ordinal);
        foreach (string f in fragments)
            Assert.Contains(f, e.Message, StringComparison.Ordinal);
    }

    private void RejectsImages(byte[] file, params string[] fragments)
    {
        foreach (Source source in Enum.GetValues<Source>())
            foreach (bool gzip in new[] { false, true })
            {
                string name = $"bad-{source}-{gzip}";
                Rejects(name, fragments, () => ReadImages<float>(gzip ? Gzip(file) : file, source, name));
            }
    }

    private void RejectsLabels(byte[] file, int? classes, params string[] fragments)
    {
        foreach (Source source in Enum.GetValues<Source>())
            foreach (bool gzip in new[] { false, true })
            {
                string name = $"bad-{source}-{gzip}";
                Rejects(name, fragments, () => ReadLabels(gzip ? Gzip(file) : file, source, classes, name));
            }
    }

    [Fact]
    public void Wrong_magic_numbers_say_what_the_file_is()
    {
        RejectsImages(SmallLabels, "0x00000801", "0x00000803", "label file");
        RejectsLabels(SmallImages, null, "0x00000803", "0x00000801", "image file");
        RejectsImages([0x50, 0x4B, 3, 4, .. SmallImages[4..]], "not an IDX file");          // a zip file, say
        RejectsImages([0, 0, 0x0D, 3, .. SmallImages[4..]], "0x0D", "32-bit floats", "unsigned bytes");
        RejectsImages([0, 0, 8, 2, .. SmallImages[4..]], "2 dimensions", "expected 3");
        RejectsLabels([0, 0, 8, 2, .. SmallLabels[4..]], null, "2 dimensions", "expected 1");
    }

    [Theory]
    [InlineData(0, 28, 28, "image count is 0")]
    [InlineData(-1, 28, 28, "image count is -1")]
    [InlineData(10, 0, 28, "row count is 0")]
    [InlineData(10, 28, -28, "column count is -28")]
    [InlineData(1, 65536, 65536, "65536×65536")]              // 2^32 pixels per image: would overflow an int
    [InlineData(1, 4097, 4096, "at most 16777216 pixels per image")]
    [InlineData(int.MaxValue, 28, 28, "1683627179248 pixels in all")] // count·rows·columns overflows an int
    [InlineData(2_800_000, 28, 28, "2195200000 pixels in all")]       // fits a long, not an array
    public void Impossible_dimensions_are_rejected_before_allocating(int count, int rows, int columns, string fragment)
    {
        RejectsImages(Header(0x803, count, rows, columns), fragment);
    }

    [Fact]
    public void A_label_count_of_zero_or_less_is_rejected()
    {
        RejectsLabels(Header(0x801, 0), null, "label count is 0");
        RejectsLabels(Header(0x801, int.MinValue), null, $"label count is {int.MinValue}");
    }

    [Fact]
    public void Truncation_at_every_length_is_rejected()
    {
        foreach (bool gzip in new[] { false, true })
        {
            byte[] whole = gzip ? Gzip(SmallImages) : SmallImages;
            byte[] labels = gzip ? Gzip(SmallLabels) : SmallLabels;
            foreach (Source source in Enum.GetValues<Source>())
            {
                for (int n = 0; n < whole.Length; n++)
                    Assert.True(Throws(() => ReadImages<float>(whole[..n], source)), $"images, {source}, gzip {gzip}: {n} of {whole.Length} bytes were accepted");
                for (int n = 0; n < labels.Length; n++)
                    Assert.True(Throws(() => ReadLabels(labels[..n], source)), $"labels, {source}, gzip {gzip}: {n} of {labels.Length} bytes were accepted");
            }
        }
    }

    private static bool Throws(Action read)
    {
        try { read(); return false; }
        catch (IdxFormatException) { return true; }
    }

    [Fact]
    public void Truncation_is_named_as_such()
    {
        RejectsImages(SmallImages[..^1], "truncated");
        RejectsImages(SmallImages[..10], "truncated", "16-byte header");
        RejectsLabels(SmallLabels[..^1], null, "truncated");
    }

    [Fact]
    public void A_header_that_claims_more_images_than_the_file_holds_is_rejected()
    {
        byte[] lying = ImageFile(4, 5, 7, SmallPixels); // says 4 images, holds 3
        RejectsImages(lying, "4 images of 5×7 pixels", "truncated");
        RejectsLabels(LabelFile([1, 2, 3])[..^1], null, "3 labels", "truncated");
    }

    [Fact]
    public void A_header_that_claims_fewer_images_than_the_file_holds_is_rejected()
    {
        byte[] lying = ImageFile(2, 5, 7, SmallPixels); // says 2 images, holds 3
        RejectsImages(lying, "2 images of 5×7 pixels", "follow");
        RejectsLabels([.. Header(0x801, 2), 1, 2, 3], null, "2 labels", "follow");
    }

    [Fact]
    public void Trailing_bytes_are_rejected()
    {
        RejectsImages([.. SmallImages, 0], "follow");
        RejectsLabels([.. SmallLabels, 0, 0, 0, 0], null, "follow");
    }

    [Fact]
    public void Bytes_after_the_gzip_data_are_rejected()
    {
        // GZipStream alone ignores them; the reader requires the file to end with the trailer of the data it decoded.
        // (Bytes that happen to end with that trailer's length field would pass: GZipStream does not say where the member ended.)
        byte[] gz = Gzip(SmallImages);
        foreach (Source source in Enum.GetValues<Source>())
        {
            Rejects("garbage", ["gzip trailer", "bytes after"], () => ReadImages<float>([.. gz, 0], source, "garbage"));
            Rejects("garbage", ["gzip trailer"], () => ReadImages<float>([.. gz, 1, 2, 3, 4, 5, 6, 7, 8, 9], source, "garbage"));
            Rejects("two", ["several gzip members"], () => ReadLabels([.. Gzip(SmallLabels[..5]), .. Gzip(SmallLabels[5..])], source, name: "two"));
        }
    }

    [Fact]
    public void A_gzip_file_cut_inside_its_trailer_is_rejected()
    {
        byte[] gz = Gzip(SmallLabels);
        for (int cut = 1; cut <= 8; cut++)
            Rejects("cut", ["truncated", $"{SmallLabels.Length} bytes"], () => ReadLabels(gz[..^cut], Source.Seekable, name: "cut"));
    }

    [Fact]
    public void A_gzip_file_whose_header_claims_more_than_deflate_can_expand_to_is_rejected_without_allocating()
    {
        // 2 million images of 28×28 (6.3 GB as floats) announced by a file of a few dozen bytes: refused before any allocation.
        byte[] file = Gzip(Header(0x803, 2_000_000, 28, 28));
        long before = GC.GetAllocatedBytesForCurrentThread();
        Rejects("huge", ["1032:1"], () => IdxReader.ReadImages<float>(new MemoryStream(file), "huge"));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }

    [Fact]
    public void A_plain_file_whose_header_claims_more_than_its_length_is_rejected_without_allocating()
    {
        byte[] file = Header(0x803, 2_000_000, 28, 28);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Rejects("huge", ["truncated", "1568000016 bytes", "16 bytes"], () => IdxReader.ReadImages<float>(new MemoryStream(file), "huge"));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }

    [Fact]
    public void Corrupt_gzip_data_is_rejected_with_the_decompressors_error_inside()
    {
        byte[] gz = Gzip(SmallImages);
        int failures = 0;
        // Every byte of the deflate data and the trailer (CRC-32, length), after the 10-byte gzip header.
        for (int i = 10; i < gz.Length; i++)
        {
            byte[] bad = (byte[])gz.Clone();
            bad[i] ^= 0xFF;
            try
            {
                ReadImages<float>(bad, Source.Seekable);
            }
            catch (IdxFormatException)
            {
                failures++;
            }
        }
        Assert.Equal(gz.Length - 10, failures);

        byte[] crc = (byte[])gz.Clone();
        crc[^5] ^= 1; // the CRC-32
        var e = Assert.Throws<IdxFormatException>(() => ReadImages<float>(crc, Source.Seekable, "crc"));
        Assert.Contains("gzip", e.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidDataException>(e.InnerException);
    }

    [Fact]
    public void A_label_at_or_above_the_class_count_is_rejected_with_its_index()
    {
        byte[] file = LabelFile([0, 9, 3, 10, 2]);
        Assert.Equal([0, 9, 3, 10, 2], ReadLabels(file, Source.Seekable));            // no class count: no check
        Assert.Equal([0, 9, 3, 10, 2], ReadLabels(file, Source.Seekable, classes: 11));
        RejectsLabels(file, 10, "label 3 is 10", "10 classes");
        Assert.Throws<ArgumentOutOfRangeException>(() => IdxReader.ReadLabels(new MemoryStream(file), classCount: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => IdxReader.ReadLabels(new MemoryStream(file), classCount: 257));
    }

    [Fact]
    public void Images_and_labels_of_different_counts_are_rejected_naming_both_files()
    {
        string images = Write("three-images", SmallImages);
        string labels = Write("four-labels", LabelFile([1, 2, 3, 4]));
        var e = Assert.Throws<IdxFormatException>(() => IdxReader.ReadDataSet<float>(images, labels, 10));
        foreach (string f in new[] { images, labels, "3 images", "4 labels" })
            Assert.Contains(f, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_exception_names_the_file()
    {
        string path = Write("named.idx", [.. SmallImages, 1]);
        var e = Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages<float>(path));
        Assert.Equal(path, e.FileName);
        Assert.StartsWith($"IDX file '{path}': ", e.Message, StringComparison.Ordinal);
        using var fs = File.OpenRead(path);
        Assert.Equal(path, Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages<float>(fs)).FileName);
        Assert.Equal("stream", Assert.Throws<IdxFormatException>(() => IdxReader.ReadImages<float>(new ForwardOnlyStream([1, 2, 3], 8))).FileName);
    }

    [Fact]
    public void A_missing_file_is_a_file_not_found_error_not_a_format_error()
    {
        Assert.Throws<FileNotFoundException>(() => IdxReader.ReadLabels(Path.Combine(_dir, "absent")));
    }

    // --- the real data set -------------------------------------------------------------------------------------------

    [Fact]
    public void Fashion_mnist_as_installed_by_the_debian_package()
    {
        Assert.SkipUnless(Directory.Exists(FashionMnist), $"{FashionMnist} is absent (apt-get install dataset-fashion-mnist)");
        foreach (var (prefix, count, firstLabels, firstImageSum, pixelSum) in new[]
        {
            ("train", 60_000, new[] { 9, 0, 0, 3, 0, 2, 7, 2, 5, 5 }, 76_247L, 3_431_114_169L),
            ("t10k", 10_000, new[] { 9, 2, 1, 1, 6, 1, 4, 6, 5, 7 }, 33_456L, 573_469_082L),
        })
        {
            var set = IdxReader.ReadDataSet<float>(
                Path.Combine(FashionMnist, $"{prefix}-images-idx3-ubyte.gz"), Path.Combine(FashionMnist, $"{prefix}-labels-idx1-ubyte.gz"), classCount: 10);
            Assert.Equal((count, 28, 28, 784), (set.Count, set.Images.Rows, set.Images.Columns, set.Images.PixelsPerImage));
            Assert.Equal(firstLabels, set.Labels[..10].ToArray());
            for (int c = 0; c < 10; c++) // the classes are balanced
                Assert.Equal(count / 10, set.Labels.Count(c));

            // Sums of the raw bytes (computed independently with Python's gzip module) check every pixel's place and value.
            long first = 0, all = 0;
            for (int i = 0; i < set.Count; i++)
                foreach (float v in set.Images.Image(i))
                {
                    Assert.InRange(v, 0f, 1f);
                    long b = (long)MathF.Round(v * 255);
                    all += b;
                    if (i == 0) first += b;
                }
            Assert.Equal(firstImageSum, first);
            Assert.Equal(pixelSum, all);
        }
    }

    /// <summary>A read-only stream that cannot seek and returns at most <c>maxRead</c> bytes per call.</summary>
    private sealed class ForwardOnlyStream(byte[] data, int maxRead) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = Math.Min(Math.Min(buffer.Length, maxRead), data.Length - _position);
            data.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
