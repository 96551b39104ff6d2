namespace GitHubBackup.Core.Engine;

public static class Scratch
{
    public static void Delete(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
