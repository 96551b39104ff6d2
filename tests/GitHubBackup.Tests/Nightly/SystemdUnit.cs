namespace GitHubBackup.Tests.Nightly;

/// <summary>
/// A systemd unit file read the way systemd.syntax(7) describes it: [Section] headers, Key=Value lines, '#' and ';'
/// comments. The examples use no line continuations, quotes or specifiers, so a value is exactly its text.
/// </summary>
internal sealed class SystemdUnit
{
    private readonly Dictionary<string, List<KeyValuePair<string, string>>> _sections = [];

    private SystemdUnit()
    {
    }

    public static SystemdUnit Load(string path)
    {
        var unit = new SystemdUnit();
        List<KeyValuePair<string, string>>? section = null;
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            Assert.False(line.EndsWith('\\'), $"{path}: line continuations are not expected: {line}");
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                section = [];
                unit._sections.Add(line[1..^1], section);
                continue;
            }

            Assert.True(section is not null, $"{path}: a setting before any [Section]: {line}");
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            Assert.True(equals > 0, $"{path}: not a Key=Value line: {line}");
            section.Add(KeyValuePair.Create(line[..equals].Trim(), line[(equals + 1)..].Trim()));
        }

        return unit;
    }

    public IReadOnlyCollection<string> Sections => _sections.Keys;

    public IReadOnlyList<string> All(string section, string key) =>
        _sections.TryGetValue(section, out var settings) ? settings.Where(s => s.Key == key).Select(s => s.Value).ToList() : [];

    /// <summary>The value in force: a later assignment of a single-valued key overrides an earlier one.</summary>
    public string? Get(string section, string key) => All(section, key) is { Count: > 0 } values ? values[^1] : null;

    /// <summary>Environment= lines as systemd reads them: space-separated NAME=VALUE assignments.</summary>
    public IReadOnlyDictionary<string, string> Environment() =>
        All("Service", "Environment")
            .SelectMany(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(assignment => assignment.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts[1]);
}
