using System.Diagnostics;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Deployment;

/// <summary>
/// The runner as the Dockerfile's build stage makes it: its COPY instructions (with .dockerignore's exclusions)
/// into a fresh directory standing for the stage's filesystem, then its RUN instructions there, absolute paths
/// mapped into that directory. Done once per test process; the result is what COPY --from=build takes.
/// </summary>
public static class PublishedRunner
{
    private static readonly string[] DockerIgnored = ["bin", "obj", "node_modules", ".git"];

    private static readonly Lazy<string> Published = new(Publish, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The directory that becomes the image's <see cref="RunnerImage.CopiedFromBuild"/> target.</summary>
    public static string Directory => Published.Value;

    private static string Publish()
    {
        var image = RunnerImage.Parse();
        var stage = Path.Combine(Path.GetTempPath(), $"ghb-build-stage-{Guid.NewGuid():N}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => System.IO.Directory.Delete(stage, recursive: true);
        var workDir = "/";
        foreach (var (instruction, argument) in image.Build.Instructions)
        {
            switch (instruction)
            {
                case "WORKDIR":
                    workDir = argument;
                    System.IO.Directory.CreateDirectory(Inside(stage, workDir));
                    break;
                case "COPY":
                    var words = RunnerImage.Words(argument);
                    var destination = words[^1].StartsWith('/') ? words[^1] : $"{workDir.TrimEnd('/')}/{words[^1]}";
                    foreach (var source in words.SkipLast(1))
                    {
                        Copy(RepositoryRoot.Combine(source.TrimEnd('/')), Inside(stage, destination), intoDirectory: destination.EndsWith('/'));
                    }

                    break;
                case "RUN":
                    var command = string.Join(' ', RunnerImage.Words(argument).Select(w => w.StartsWith('/') ? Inside(stage, w) : w));
                    Run(command, Inside(stage, workDir));
                    break;
                default:
                    throw new NotSupportedException($"The build stage's {instruction} is not emulated.");
            }
        }

        return Inside(stage, image.CopiedFromBuild.From);
    }

    private static string Inside(string stage, string path) => Path.Combine(stage, path.TrimStart('/'));

    private static void Copy(string source, string destination, bool intoDirectory)
    {
        if (File.Exists(source))
        {
            var target = intoDirectory ? Path.Combine(destination, Path.GetFileName(source)) : destination;
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target, overwrite: true);
            return;
        }

        // COPY dir/ dest/ copies the directory's content.
        foreach (var file in System.IO.Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(DockerIgnored.Contains))
            {
                continue;
            }

            var target = Path.Combine(destination, relative);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private static void Run(string command, string workingDirectory)
    {
        using var process = Process.Start(new ProcessStartInfo("sh", ["-c", command])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The Dockerfile's RUN {command} failed (exit {process.ExitCode}):\n{stdout.Result}{stderr.Result}");
        }
    }
}
