using System.Text;
using GitHubBackup.StandIn;

namespace GitHubBackup.Tests.Adversary;

/// <summary>What a secret looks like wherever it could end up, and the check that it is in none of the texts a run left.</summary>
internal static class Leaks
{
    /// <summary>Each token as it is, and as git and the ref check send it (<c>Basic base64(x-access-token:token)</c>).</summary>
    public static IEnumerable<string> FormsOf(IEnumerable<string> tokens) =>
        tokens.SelectMany(token => new[] { token, Convert.ToBase64String(Encoding.UTF8.GetBytes($"x-access-token:{token}")) });

    /// <summary>A quoted Authorization header's credential ("Bearer X" gives X; "Basic Y" gives Y and the password inside).</summary>
    public static IEnumerable<string> CredentialsIn(string authorization)
    {
        var parts = authorization.Split(' ', 2, StringSplitOptions.TrimEntries);
        if (parts.Length != 2)
        {
            yield break;
        }

        yield return parts[1];
        if (parts[0].Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(parts[1]));
            yield return decoded[(decoded.IndexOf(':', StringComparison.Ordinal) + 1)..];
        }
    }

    /// <summary>The App's key, line by line (a log may split or escape it).</summary>
    public static IEnumerable<string> KeyLines(GitHubStandIn gitHub) =>
        gitHub.App.PrivateKeyPem.Split('\n').Where(l => l.Length > 20 && !l.StartsWith("-----", StringComparison.Ordinal));

    /// <summary>Every file under <paramref name="directory"/> as text (bundles included: a secret must not be in an object either).</summary>
    public static IEnumerable<(string Name, string Text)> FilesUnder(string directory) =>
        Directory.Exists(directory)
            ? Directory.GetFiles(directory, "*", SearchOption.AllDirectories).Select(f => (f, Encoding.Latin1.GetString(File.ReadAllBytes(f))))
            : [];

    public static void AssertSucceeded(Core.Contracts.BackupManifest manifest, string name)
    {
        var entry = manifest.Repos.Single(r => r.Name == name);
        Assert.True(entry.Status == Core.Contracts.RepoStatus.Succeeded, $"{name}: {entry.Status} {entry.Error}");
    }

    public static void AssertNone(IEnumerable<string> secrets, IEnumerable<(string Name, string Text)> texts)
    {
        var forms = secrets.Where(s => s.Length >= 8).Distinct().ToList();
        Assert.NotEmpty(forms);
        foreach (var (name, text) in texts)
        {
            var found = forms.FirstOrDefault(form => text.Contains(form, StringComparison.Ordinal));
            Assert.True(found is null, $"a secret ({found?[..4]}...) is in {name}");
        }
    }
}
