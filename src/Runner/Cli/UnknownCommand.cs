using System.CommandLine;

namespace GitHubBackup.Runner.Cli;

/// <summary>A first word that is not a command: named, with the closest command when one is near (a typo).</summary>
public static class UnknownCommand
{
    /// <summary>The one line to print, or null when the first argument is a command, an option, or absent.</summary>
    public static string? Message(RootCommand root, IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0].StartsWith('-') || root.Subcommands.Any(c => c.Name == args[0]))
        {
            return null;
        }

        var names = root.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
        var closest = names.MinBy(name => Distance(args[0].ToLowerInvariant(), name));
        return closest is not null && Distance(args[0].ToLowerInvariant(), closest) <= Math.Max(2, closest.Length / 3)
            ? $"unknown command '{args[0]}'; did you mean '{closest}'? (see 'github-backup --help')"
            : $"unknown command '{args[0]}'; the commands are {string.Join(", ", names)} (see 'github-backup --help')";
    }

    /// <summary>Edits (insert, delete, substitute, swap two neighbours) from one word to the other.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
