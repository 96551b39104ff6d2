namespace GitHubBackup.StandIn;

/// <summary>
/// The repositories every backup must get right: empty; a default branch that is not main; many branches,
/// annotated and lightweight tags, pull refs and notes; megabytes of binary; names with dots and dashes.
/// </summary>
public static class StandardCorpus
{
    public const string Empty = "empty";
    public const string Trunk = "trunk-default";
    public const string ManyRefs = "many-refs";
    public const string Binary = "binary-blob";
    public const string Dotted = "my.dotted-repo";
    public const string DotGithub = ".github";

    public static IReadOnlyList<string> Names { get; } = [Empty, Trunk, ManyRefs, Binary, Dotted, DotGithub];

    public static IReadOnlyList<StandInRepo> Create(GitHubStandIn standIn, string org) =>
    [
        standIn.CreateRepository(org, Empty),
        standIn.CreateRepository(org, Trunk, r => r.Commit("trunk", "README.md", "trunk\n").DefaultBranch("trunk").Commit("feature", "f.txt", "f\n")),
        standIn.CreateRepository(org, ManyRefs, ManyRefsContent),
        standIn.CreateRepository(org, Binary, r => r.Commit("main", "README.md", "binary\n").CommitBinary("main", "data/blob.bin", 3 << 20, seed: 7)),
        standIn.CreateRepository(org, Dotted, r => r.Commit("main", "a.txt", "dots and dashes\n")),
        standIn.CreateRepository(org, DotGithub, r => r.Commit("main", "profile/README.md", "org profile\n")),
    ];

    private static void ManyRefsContent(RepoBuilder repo)
    {
        repo.Commit("main", "README.md", "many refs\n");
        for (var i = 0; i < 20; i++)
        {
            repo.Commit($"branch-{i:D2}", $"file-{i}.txt", $"branch {i}\n");
        }

        for (var i = 0; i < 10; i++)
        {
            repo.AnnotatedTag($"v1.{i}", $"branch-{i:D2}", $"release 1.{i}");
            repo.LightweightTag($"light-{i}", $"branch-{i + 10:D2}");
        }

        for (var i = 1; i <= 5; i++)
        {
            repo.PullRef(i, $"branch-{i:D2}");
        }

        repo.Note("main", "reviewed-by: stand-in");
    }
}
