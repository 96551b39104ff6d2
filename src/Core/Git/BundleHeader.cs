using System.Text;

namespace GitHubBackup.Core.Git;

/// <summary>
/// The text header of a git bundle (v2 or v3): capabilities, prerequisites and refs, ended by an empty
/// line; the pack follows. Read from a stream without reading past the header, so the pack can be piped on.
/// </summary>
public sealed record BundleHeader(string ObjectFormat, IReadOnlyList<string> Prerequisites, IReadOnlyList<GitRef> Refs)
{
    // A header lists every ref; 64 MiB holds hundreds of thousands of them and stops a runaway read.
    private const int MaxHeaderBytes = 64 << 20;

    /// <summary>The refs without HEAD.</summary>
    public IReadOnlyList<GitRef> NamedRefs => Refs.Where(r => r.Name != "HEAD").ToList();

    public string? HeadSha => Refs.FirstOrDefault(r => r.Name == "HEAD")?.Sha;

    /// <summary>Reads the header, leaving <paramref name="bundle"/> positioned at the first byte of the pack.</summary>
    public static async Task<BundleHeader> ReadAsync(Stream bundle, CancellationToken cancellationToken)
    {
        var first = await ReadLineAsync(bundle, cancellationToken);
        if (first is not ("# v2 git bundle" or "# v3 git bundle"))
        {
            throw new InvalidDataException("Not a git bundle: the first line is not '# v2 git bundle' or '# v3 git bundle'.");
        }

        var objectFormat = "sha1";
        var prerequisites = new List<string>();
        var refs = new List<GitRef>();
        var total = first.Length;
        string? line;
        while ((line = await ReadLineAsync(bundle, cancellationToken)) is { Length: > 0 })
        {
            total += line.Length + 1;
            if (total > MaxHeaderBytes)
            {
                throw new InvalidDataException("The bundle header is larger than 64 MiB; the file is not a bundle this tool wrote.");
            }

            if (line.StartsWith('@'))
            {
                if (line.StartsWith("@object-format=", StringComparison.Ordinal))
                {
                    objectFormat = line["@object-format=".Length..];
                }
            }
            else if (line.StartsWith('-'))
            {
                prerequisites.Add(line[1..].Split(' ', 2)[0]);
            }
            else
            {
                var parts = line.Split(' ', 2);
                if (parts.Length != 2 || parts[0].Length is not (40 or 64) || !parts[0].All(char.IsAsciiHexDigitLower))
                {
                    throw new InvalidDataException($"The bundle header has a malformed ref line: '{line}'.");
                }

                refs.Add(new GitRef(parts[1], parts[0]));
            }
        }

        if (line is null)
        {
            throw new InvalidDataException("The bundle ends inside its header: it is truncated.");
        }

        return new BundleHeader(objectFormat, prerequisites, refs);
    }

    /// <summary>Byte by byte, so nothing past the newline is consumed; headers are small next to packs.</summary>
    private static async Task<string?> ReadLineAsync(Stream stream, CancellationToken cancellationToken)
    {
        var bytes = new List<byte>(96);
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                return null;
            }

            if (one[0] == (byte)'\n')
            {
                return Encoding.UTF8.GetString(bytes.ToArray());
            }

            bytes.Add(one[0]);
            if (bytes.Count > 4096)
            {
                throw new InvalidDataException("The bundle header has a line longer than 4096 bytes; the file is not a git bundle.");
            }
        }
    }
}
