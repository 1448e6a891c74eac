using System;
using System.IO;

namespace Kernels.Mlp.Data;

/// <summary>
/// A read-only, forward-only stream that yields some bytes already read from <paramref name="inner"/>, then the rest of
/// it (to peek at a magic number on any stream), and keeps count of the bytes it has passed on and the last 8 of them
/// (to check a gzip trailer).
/// </summary>
internal sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream inner) : Stream
{
    private ReadOnlyMemory<byte> _prefix = prefix;
    private readonly byte[] _tail = new byte[8];

    /// <summary>Bytes returned so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>The last min(8, <see cref="BytesRead"/>) bytes returned, oldest first.</summary>
    public ReadOnlySpan<byte> Tail => _tail.AsSpan(8 - (int)Math.Min(8, BytesRead));

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(Span<byte> buffer)
    {
        int n;
        if (_prefix.IsEmpty)
        {
            n = inner.Read(buffer);
        }
        else
        {
            n = Math.Min(buffer.Length, _prefix.Length);
            _prefix.Span[..n].CopyTo(buffer);
            _prefix = _prefix[n..];
        }
        Remember(buffer[..n]);
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 1 ? one[0] : -1;
    }

    private void Remember(ReadOnlySpan<byte> read)
    {
        BytesRead += read.Length;
        if (read.Length >= 8)
        {
            read[^8..].CopyTo(_tail);
        }
        else if (read.Length > 0)
        {
            _tail.AsSpan(read.Length).CopyTo(_tail);
            read.CopyTo(_tail.AsSpan(8 - read.Length));
        }
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
