using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Deployment;

/// <summary>
/// src/Runner/Dockerfile read the way `docker build` reads it: its stages and instructions, and what the final
/// image holds as a result (user, environment, WORKDIR, VOLUMEs, the directories it creates and whose they are).
/// Only the instruction forms the Dockerfile uses are understood; anything else fails the test that reads it.
/// </summary>
public sealed partial class RunnerImage
{
    private RunnerImage(IReadOnlyList<Stage> stages) => Stages = stages;

    public static string DockerfilePath => RepositoryRoot.Combine("src", "Runner", "Dockerfile");

    public static RunnerImage Parse() => Parse(File.ReadAllText(DockerfilePath));

    public IReadOnlyList<Stage> Stages { get; }

    public Stage Build => Stages.Single(s => s.Name == "build");

    public Stage Runtime => Stages[^1];

    /// <summary>The final image's user as a uid (USER may name a variable of the base image, e.g. $APP_UID).</summary>
    public int Uid => DotnetBaseImage.Uid(Expand(Runtime.Last("USER") ?? "root"));

    /// <summary>The final image's environment: the base image's, then each ENV in order.</summary>
    public IReadOnlyDictionary<string, string> Environment
    {
        get
        {
            var environment = new Dictionary<string, string>(DotnetBaseImage.Environment);
            foreach (var argument in Runtime.All("ENV"))
            {
                foreach (Match pair in EnvPair().Matches(argument))
                {
                    environment[pair.Groups[1].Value] = Expand(pair.Groups[2].Value);
                }
            }

            return environment;
        }
    }

    public string WorkDir => Runtime.Last("WORKDIR") ?? "/";

    /// <summary>Paths declared VOLUME: ECS fills a task volume mounted there with the image's content at that path.</summary>
    public IReadOnlyList<string> Volumes => Runtime.All("VOLUME").SelectMany(JsonOrWords).ToList();

    public IReadOnlyList<string> Entrypoint => JsonOrWords(Runtime.Last("ENTRYPOINT") ?? "[]");

    /// <summary>COPY --from=build SRC DEST of the final stage: (path in the build stage, path in the image).</summary>
    public (string From, string To) CopiedFromBuild
    {
        get
        {
            var words = Runtime.All("COPY").Select(Words).Single(w => w[0] == "--from=build");
            return (words[1], words[2]);
        }
    }

    /// <summary>
    /// Every directory of the final image that the base image has or a RUN creates, with its owner and mode after
    /// all RUN instructions (mkdir/chown/chmod/install -d are the forms understood).
    /// </summary>
    public IReadOnlyDictionary<string, ImageDirectory> Directories
    {
        get
        {
            var directories = new Dictionary<string, ImageDirectory>(DotnetBaseImage.Directories);
            foreach (var command in Runtime.All("RUN").SelectMany(r => r.Split(["&&", ";"], StringSplitOptions.TrimEntries)))
            {
                Apply(directories, Words(command));
            }

            return directories;
        }
    }

    public static RunnerImage Parse(string dockerfile)
    {
        var stages = new List<Stage>();
        foreach (var (instruction, argument) in Instructions(dockerfile))
        {
            if (instruction == "FROM")
            {
                var words = Words(argument).Where(w => !w.StartsWith("--platform=", StringComparison.Ordinal)).ToList();
                stages.Add(new Stage(words.Count == 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : $"stage{stages.Count}", words[0]));
            }
            else
            {
                stages[^1].Instructions.Add((instruction, argument));
            }
        }

        return new RunnerImage(stages);
    }

    private static string Expand(string value) =>
        Variable().Replace(value, m => DotnetBaseImage.Environment.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);

    private static void Apply(Dictionary<string, ImageDirectory> directories, List<string> words)
    {
        if (words.Count == 0)
        {
            return;
        }

        var flags = words.Skip(1).TakeWhile(w => w.StartsWith('-')).ToList();
        var operands = words.Skip(1 + flags.Count).ToList();
        switch (words[0])
        {
            case "mkdir":
                foreach (var path in operands)
                {
                    directories.TryAdd(path, new ImageDirectory(0, 0, 0x1ED));
                }

                break;
            case "chown":
                var owner = operands[0].Split(':');
                var uid = DotnetBaseImage.Uid(Expand(owner[0]));
                var gid = owner.Length > 1 ? DotnetBaseImage.Uid(Expand(owner[1])) : uid;
                foreach (var path in operands.Skip(1))
                {
                    directories[path] = Existing(directories, path) with { Uid = uid, Gid = gid };
                }

                break;
            case "chmod":
                foreach (var path in operands.Skip(1))
                {
                    directories[path] = Existing(directories, path) with { Mode = Convert.ToInt32(operands[0], 8) };
                }

                break;
            case "install" when flags.Contains("-d"):
                throw new NotSupportedException("install -d: use mkdir, chown and chmod in the Dockerfile (the forms this test reads).");
        }
    }

    private static ImageDirectory Existing(Dictionary<string, ImageDirectory> directories, string path) =>
        directories.TryGetValue(path, out var directory) ? directory : throw new InvalidOperationException($"Dockerfile changes {path} before creating it.");

    /// <summary>Logical lines: comments dropped, backslash continuations joined.</summary>
    private static IEnumerable<(string Instruction, string Argument)> Instructions(string dockerfile)
    {
        var logical = "";
        foreach (var raw in dockerfile.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                logical += line[..^1] + " ";
                continue;
            }

            logical += line;
            if (logical.Trim().Length > 0)
            {
                var trimmed = logical.Trim();
                var space = trimmed.IndexOfAny([' ', '\t']);
                yield return (trimmed[..space].ToUpperInvariant(), trimmed[(space + 1)..].Trim());
            }

            logical = "";
        }
    }

    public static List<string> Words(string text) => text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).ToList();

    private static List<string> JsonOrWords(string argument) =>
        argument.StartsWith('[') ? JsonSerializer.Deserialize<List<string>>(argument)! : Words(argument);

    [GeneratedRegex(@"(\w+)=(\S+)")]
    private static partial Regex EnvPair();

    [GeneratedRegex(@"\$\{?(\w+)\}?")]
    private static partial Regex Variable();

    public sealed record Stage(string Name, string BaseImage)
    {
        public List<(string Instruction, string Argument)> Instructions { get; } = [];

        public IEnumerable<string> All(string instruction) => Instructions.Where(i => i.Instruction == instruction).Select(i => i.Argument);

        public string? Last(string instruction) => All(instruction).LastOrDefault();
    }
}

/// <summary>A directory of the image: owner and mode (octal in ToString).</summary>
public sealed record ImageDirectory(int Uid, int Gid, int Mode)
{
    public string ModeOctal => Convert.ToString(Mode, 8).PadLeft(4, '0');

    public bool WritableBy(int uid) =>
        uid == 0 || (Uid == uid && (Mode & 0x80) != 0) || (Mode & 0x2) != 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Uid}:{Gid} {ModeOctal}");
}

/// <summary>
/// What mcr.microsoft.com/dotnet/runtime:10.0 brings (dotnet/dotnet-docker, runtime-deps Dockerfile): ENV APP_UID=1654
/// and the user and group "app" created with that id (home /home/app), a Debian /tmp (root, 1777), PATH.
/// </summary>
public static class DotnetBaseImage
{
    public const int AppUid = 1654;

    public static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
        ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        ["APP_UID"] = AppUid.ToString(CultureInfo.InvariantCulture),
        ["DOTNET_RUNNING_IN_CONTAINER"] = "true",
    };

    public static IReadOnlyDictionary<string, ImageDirectory> Directories { get; } = new Dictionary<string, ImageDirectory>
    {
        ["/tmp"] = new(0, 0, 0x3FF),
        ["/home/app"] = new(AppUid, AppUid, 0x1E8),
    };

    /// <summary>The image's /etc/passwd: a user name or number to its uid (its group has the same id).</summary>
    public static int Uid(string user) => user switch
    {
        "root" => 0,
        "app" => AppUid,
        _ when int.TryParse(user, CultureInfo.InvariantCulture, out var uid) => uid,
        _ => throw new InvalidOperationException($"The image has no user {user}."),
    };

    /// <summary>Docker sets HOME from the image's /etc/passwd for the container's user.</summary>
    public static string Home(int uid) => uid == AppUid ? "/home/app" : uid == 0 ? "/root" : "/";
}
