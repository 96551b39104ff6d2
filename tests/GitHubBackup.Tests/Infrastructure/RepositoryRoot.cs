namespace GitHubBackup.Tests.Infrastructure;

/// <summary>The checkout the tests run from: files the product ships (ASL, template) are read from it, never copied.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "github-backup.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("github-backup.slnx not found above the test binaries.");
    }
}
