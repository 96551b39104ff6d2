namespace GitHubBackup.Core.Git;

/// <summary>
/// The standard output of a git command as a stream that only ends cleanly if git succeeded: at the end
/// of output it waits for git's exit and throws if git failed. A consumer (an upload) thus can never
/// mistake a truncated output for a complete one.
/// </summary>
internal sealed class GitOutputStream(GitProcess git) : Stream
{
    private bool _finished;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_finished)
        {
            return 0;
        }

        var read = await git.StandardOutput.ReadAsync(buffer, cancellationToken);
        if (read == 0 && buffer.Length > 0)
        {
            await git.WaitForSuccessAsync(cancellationToken);
            _finished = true;
        }

        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            git.Dispose();
        }

        base.Dispose(disposing);
    }
}
