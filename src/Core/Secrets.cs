using System.Text;
using System.Text.Encodings.Web;

namespace GitHubBackup.Core;

/// <summary>
/// Every secret the process holds (tokens as they are minted, the App's JWTs, its private key). Any text that
/// leaves the process (an error, a log line, a manifest, a notification) goes through <see cref="Scrub"/> first.
/// The set is the process's, shared by every instance: the last line of defence (the command's error handler,
/// the process's output) must mask what any part of the run registered.
/// </summary>
public sealed class Secrets
{
    private const string Mask = "***";

    // Very short strings would mask ordinary words; real tokens and keys are long.
    private const int MinLength = 8;

    private static readonly Forms ProcessForms = new();

    private readonly Forms _forms = ProcessForms;

    /// <summary>
    /// Registers <paramref name="secret"/> and every form it can take in text: as it is, and inside base64 at
    /// each of the three byte alignments, which covers <c>Authorization: Basic base64(user:secret)</c> whatever
    /// the user name (a server may echo that header in an error).
    /// </summary>
    public void Add(string? secret)
    {
        if (!string.IsNullOrEmpty(secret) && secret.Length >= MinLength)
        {
            _forms.Add(secret, Base64Forms(Encoding.UTF8.GetBytes(secret)).Prepend(secret));
        }
    }

    /// <summary>A PEM key: the whole text and each line of its body, which is how it appears in a log that splits or escapes lines.</summary>
    public void AddPem(string? pem)
    {
        if (string.IsNullOrEmpty(pem))
        {
            return;
        }

        Add(pem);
        var body = pem.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Where(line => !line.StartsWith("-----", StringComparison.Ordinal)).ToList();
        foreach (var line in body)
        {
            Add(line);
        }

        Add(string.Concat(body));
    }

    public string Scrub(string text)
    {
        foreach (var form in _forms.LongestFirst)
        {
            if (text.Contains(form, StringComparison.Ordinal))
            {
                text = text.Replace(form, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }

    /// <summary>
    /// The base64 characters that depend only on the secret's bytes, when the secret starts 0, 1 or 2 bytes into a
    /// 3-byte group: whatever precedes or follows it, these characters appear in the encoding.
    /// </summary>
    private static IEnumerable<string> Base64Forms(byte[] secret)
    {
        for (var offset = 0; offset < 3; offset++)
        {
            var padded = new byte[offset + secret.Length];
            secret.CopyTo(padded, offset);
            var encoded = Convert.ToBase64String(padded);
            var first = (8 * offset + 5) / 6;
            var end = 8 * (offset + secret.Length) / 6;
            if (end - first >= MinLength)
            {
                yield return encoded[first..end];
            }
        }
    }

    /// <summary>The forms registered so far, longest first (a form that contains another is masked whole).</summary>
    private sealed class Forms
    {
        private readonly HashSet<string> _secrets = new(StringComparer.Ordinal);
        private readonly HashSet<string> _forms = new(StringComparer.Ordinal);
        private readonly Lock _adding = new();
        private string[] _longestFirst = [];

        public string[] LongestFirst => Volatile.Read(ref _longestFirst);

        public void Add(string secret, IEnumerable<string> forms)
        {
            lock (_adding)
            {
                if (!_secrets.Add(secret))
                {
                    return;
                }

                foreach (var form in forms)
                {
                    _forms.Add(form);

                    // As a JSON writer escapes it ('+' becomes \u002B), for a log line scrubbed after it was written.
                    _forms.Add(JavaScriptEncoder.Default.Encode(form));
                }

                Volatile.Write(ref _longestFirst, [.. _forms.OrderByDescending(f => f.Length)]);
            }
        }
    }
}
