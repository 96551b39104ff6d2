using System.Collections.Concurrent;

namespace GitHubBackup.Core;

/// <summary>
/// Every secret the process holds (tokens, as they are minted). Any text that leaves the process through
/// an error, a log line or a manifest goes through <see cref="Scrub"/> first.
/// </summary>
public sealed class Secrets
{
    private const string Mask = "***";
    private readonly ConcurrentDictionary<string, byte> _values = new(StringComparer.Ordinal);

    public void Add(string? secret)
    {
        // Very short strings would mask ordinary words; real tokens and keys are long.
        if (!string.IsNullOrEmpty(secret) && secret.Length >= 8)
        {
            _values.TryAdd(secret, 0);
        }
    }

    public string Scrub(string text)
    {
        foreach (var secret in _values.Keys)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return text;
    }
}
