using System.Text;
using GitHubBackup.Core;

namespace GitHubBackup.Runner;

/// <summary>
/// The process's stdout and stderr, scrubbed of every registered secret: whatever prints (the JSON log, the progress
/// view, an error handler, an unhandled exception's trace), no secret leaves through the console. Text is scrubbed
/// per write; the callers write whole messages.
/// </summary>
public sealed class ScrubbingWriter(TextWriter inner) : TextWriter
{
    private readonly Secrets _secrets = new();

    public override Encoding Encoding => inner.Encoding;

    public override IFormatProvider FormatProvider => inner.FormatProvider;

    [System.Diagnostics.CodeAnalysis.AllowNull]
    public override string NewLine
    {
        get => inner.NewLine;
        set => inner.NewLine = value;
    }

    public override void Write(char value) => inner.Write(value);

    public override void Write(string? value) => inner.Write(value is null ? null : _secrets.Scrub(value));

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void WriteLine(string? value) => inner.WriteLine(value is null ? null : _secrets.Scrub(value));

    public override Task WriteAsync(string? value) => inner.WriteAsync(value is null ? null : _secrets.Scrub(value));

    public override Task WriteLineAsync(string? value) => inner.WriteLineAsync(value is null ? null : _secrets.Scrub(value));

    public override Task WriteAsync(char[] buffer, int index, int count) => WriteAsync(new string(buffer, index, count));

    public override Task WriteLineAsync(char[] buffer, int index, int count) => WriteLineAsync(new string(buffer, index, count));

    public override void Flush() => inner.Flush();

    public override Task FlushAsync() => inner.FlushAsync();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
