using System.Diagnostics;

namespace GitHubBackup.StandIn;

/// <summary>
/// The response body as a network would deliver it: at most <c>bytesPerSecond</c>, and optionally cut off
/// after some bytes (the connection is then reset, as a dropped link would).
/// </summary>
internal sealed class ShapedResponseBody(Stream inner, long? bytesPerSecond, long? cutAfterBytes, Action cut, Action<long> counted) : Stream
{
    private const int Slice = 16 * 1024;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _written;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (buffer.Length > 0)
        {
            var slice = buffer[..Math.Min(Slice, buffer.Length)];
            if (cutAfterBytes is { } cutAt && _written + slice.Length > cutAt)
            {
                var lastBytes = (int)Math.Max(0, cutAt - _written);
                await inner.WriteAsync(slice[..lastBytes], cancellationToken);
                await inner.FlushAsync(cancellationToken);
                cut();
                throw new IOException("Connection cut by an injected fault.");
            }

            if (bytesPerSecond is { } rate)
            {
                var due = TimeSpan.FromSeconds((_written + slice.Length) / (double)rate) - _clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, cancellationToken);
                }
            }

            await inner.WriteAsync(slice, cancellationToken);
            _written += slice.Length;
            counted(slice.Length);
            buffer = buffer[slice.Length..];
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
