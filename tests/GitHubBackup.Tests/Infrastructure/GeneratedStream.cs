namespace GitHubBackup.Tests.Infrastructure;

/// <summary>
/// A non-seekable stream of deterministic pseudo-random bytes, like a git process's output; optionally
/// failing after some bytes, like a git process that dies mid-bundle.
/// </summary>
public sealed class GeneratedStream(long length, int seed, long? failAfter = null) : Stream
{
    private readonly Random _random = new(seed);
    private long _position;

    public static byte[] Bytes(long length, int seed)
    {
        using var stream = new GeneratedStream(length, seed);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (failAfter is { } limit && _position >= limit)
        {
            throw new IOException("The source failed mid-stream (injected).");
        }

        var n = (int)Math.Min(count, length - _position);
        if (failAfter is { } cap)
        {
            n = (int)Math.Min(n, Math.Max(1, cap - _position));
        }

        var chunk = buffer.AsSpan(offset, n);
        _random.NextBytes(chunk);
        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
