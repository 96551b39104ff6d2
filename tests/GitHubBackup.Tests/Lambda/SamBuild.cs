using System.Diagnostics;
using System.Text.RegularExpressions;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Lambda;

/// <summary>
/// The functions' package, built the way `sam build` builds a function with <c>BuildMethod: makefile</c>
/// (aws-lambda-builders, aws_lambda_builders/workflows/custom_make: workflow.py copies CodeUri to a scratch
/// directory without .aws-sam and .git, then actions.py runs <c>make --makefile CODEURI/Makefile
/// build-LOGICALID</c> in that copy, with the caller's environment plus ARTIFACTS_DIR). Built once for the
/// test collection; the copy also leaves out bin/, obj/ and node_modules/, which a fresh clone (CI) has not.
/// </summary>
public sealed partial class SamBuild : IDisposable
{
    private static readonly string[] NotInAFreshClone = [".git", ".aws-sam", "bin", "obj", "node_modules", "TestResults"];
    private readonly TempDirectory _work = new("sam-build");

    public SamBuild()
    {
        CodeUri = Path.GetFullPath(Path.Combine(RepositoryRoot.Path, GlobalCodeUri().Match(File.ReadAllText(RepositoryRoot.Combine("template.yaml"))).Groups[1].Value));
        Scratch = _work.Combine("scratch");
        CopySource(CodeUri, Scratch);
        Artifacts = _work.Combine("artifacts", "PlanFunction");
        (ExitCode, Log) = Make("build-PlanFunction", Artifacts);
    }

    /// <summary>The functions' CodeUri (Globals), as a directory.</summary>
    public string CodeUri { get; }

    /// <summary>The scratch copy of CodeUri that make runs in.</summary>
    public string Scratch { get; }

    /// <summary>PlanFunction's package directory (ARTIFACTS_DIR).</summary>
    public string Artifacts { get; }

    public int ExitCode { get; }

    public string Log { get; }

    /// <summary>Runs make as SAM does; <paramref name="arguments"/> may add e.g. --dry-run.</summary>
    public (int ExitCode, string Output) Make(string target, string artifacts, params string[] arguments)
    {
        var info = new ProcessStartInfo("make", ["--makefile", Path.Combine(CodeUri, "Makefile"), .. arguments, target])
        {
            WorkingDirectory = Scratch,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The test host's own MSBuild variables are not a user's shell's.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k == "DOTNET_HOST_PATH").ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["ARTIFACTS_DIR"] = artifacts;
        using var make = Process.Start(info)!;
        var stdout = make.StandardOutput.ReadToEndAsync();
        var stderr = make.StandardError.ReadToEndAsync();
        make.WaitForExit();
        return (make.ExitCode, stdout.Result + stderr.Result);
    }

    private static void CopySource(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            if (NotInAFreshClone.Contains(entry.Name))
            {
                continue;
            }

            var target = Path.Combine(to, entry.Name);
            if (entry is DirectoryInfo directory && directory.LinkTarget is null)
            {
                CopySource(directory.FullName, target);
            }
            else if (entry is FileInfo file)
            {
                file.CopyTo(target);
                File.SetUnixFileMode(target, file.UnixFileMode);
            }
        }
    }

    public void Dispose() => _work.Dispose();

    [GeneratedRegex(@"(?m)^Globals:\s*\n  Function:(?:\n    .*)*?\n    CodeUri: *(\S+)")]
    private static partial Regex GlobalCodeUri();
}

[CollectionDefinition(Name)]
public sealed class SharedSamBuild : ICollectionFixture<SamBuild>
{
    public const string Name = "sam build";
}
