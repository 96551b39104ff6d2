using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using GitHubBackup.Tests.Infrastructure;

namespace GitHubBackup.Tests.Deployment;

/// <summary>
/// The runner task as Fargate starts it from the transformed template's task definition and the image the
/// Dockerfile describes (fargate-task.sh carries it out):
/// <list type="bullet">
/// <item>the container runs as the task definition's User (else the image's USER), in the image's WORKDIR, with the
/// root filesystem read-only when ReadonlyRootFilesystem is true;</item>
/// <item>each task volume is a new, empty bind mount, root-owned with mode 0755, unless the image declares a VOLUME at
/// exactly that ContainerPath: then ECS fills it with the image's content at that path, ownership and mode included.
/// ("By default, the volume permissions are set to 0755 and the owner as root. You can customize these permissions
/// in the Dockerfile", and the VOLUME rule: docs.aws.amazon.com/AmazonECS/latest/developerguide/bind-mounts.html,
/// "Considerations when using bind mounts"; the trap: aws/containers-roadmap#938);</item>
/// <item>its environment is the image's ENV, HOME from the image's passwd, the task definition's Environment and its
/// Secrets as variables; overrides (the state machine's) are added by whoever starts it.</item>
/// </list>
/// </summary>
public sealed class FargateTask
{
    private readonly RunnerImage _image;
    private readonly JsonObject _container;

    private FargateTask(RunnerImage image, JsonObject taskDefinition)
    {
        _image = image;
        TaskDefinition = taskDefinition;
        _container = taskDefinition["ContainerDefinitions"]!.AsArray().Single()!.AsObject();
    }

    public static string Script => RepositoryRoot.Combine("tests", "GitHubBackup.Tests", "Deployment", "fargate-task.sh");

    public JsonObject TaskDefinition { get; }

    public JsonObject Container => _container;

    /// <summary>The runner task definition as CloudFormation creates it for these parameter values.</summary>
    public static FargateTask FromTemplate(TemplateEvaluator evaluator, RunnerImage image) =>
        new(image, evaluator.Evaluate(DeployedTemplate.Properties("RunnerTaskDefinition"))!.AsObject());

    public int Uid => _container["User"] is { } user ? DotnetBaseImage.Uid(user.GetValue<string>().Split(':')[0]) : _image.Uid;

    /// <summary>A task definition User of "uid" takes its group from the image's /etc/passwd ("uid:gid" names it).</summary>
    public int Gid => _container["User"]?.GetValue<string>().Split(':') is [_, var gid] ? int.Parse(gid, CultureInfo.InvariantCulture) : Uid;

    public bool ReadonlyRoot => _container["ReadonlyRootFilesystem"]?.GetValue<bool>() == true;

    public IReadOnlyList<string> MountPaths => (_container["MountPoints"]?.AsArray() ?? []).Select(m => m!["ContainerPath"]!.GetValue<string>()).ToList();

    /// <summary>How ECS creates the volume mounted at a path (see the class comment).</summary>
    public ImageDirectory VolumeAsCreated(string containerPath) =>
        _image.Volumes.Contains(containerPath) && _image.Directories.TryGetValue(containerPath, out var prepared)
            ? prepared
            : new ImageDirectory(0, 0, 0x1ED);

    public IReadOnlyList<string> Command => (_container["Command"]?.AsArray() ?? []).Select(c => c!.GetValue<string>()).ToList();

    /// <param name="secretValue">The secret's value for a Secrets entry's ValueFrom.</param>
    /// <param name="edge">What stands in for the AWS edge (the task role's credentials, the S3 endpoint).</param>
    public Dictionary<string, string> Environment(Func<string, string> secretValue, IReadOnlyDictionary<string, string> edge)
    {
        var environment = new Dictionary<string, string>(_image.Environment) { ["HOME"] = DotnetBaseImage.Home(Uid) };
        foreach (var variable in _container["Environment"]?.AsArray() ?? [])
        {
            environment[variable!["Name"]!.GetValue<string>()] = variable["Value"]!.ToString();
        }

        foreach (var secret in _container["Secrets"]?.AsArray() ?? [])
        {
            environment[secret!["Name"]!.GetValue<string>()] = secretValue(secret["ValueFrom"]!.GetValue<string>());
        }

        foreach (var (name, value) in edge)
        {
            environment[name] = value;
        }

        return environment;
    }

    /// <summary>The command that starts one such task (the container's command is appended to it), its spec written to <paramref name="specPath"/>.</summary>
    public IReadOnlyList<string> Launcher(string publishedDirectory, string specPath)
    {
        var spec = new StringBuilder();
        spec.AppendLine(CultureInfo.InvariantCulture, $"user {Uid} {Gid}");
        spec.AppendLine(CultureInfo.InvariantCulture, $"workdir {_image.WorkDir}");
        spec.AppendLine(CultureInfo.InvariantCulture, $"readonly-root {(ReadonlyRoot ? "true" : "false")}");
        foreach (var (path, directory) in _image.Directories)
        {
            spec.AppendLine(CultureInfo.InvariantCulture, $"image-dir {path} {directory.Uid} {directory.Gid} {directory.ModeOctal}");
        }

        spec.AppendLine(CultureInfo.InvariantCulture, $"image-content {_image.CopiedFromBuild.To} {publishedDirectory}");
        foreach (var path in MountPaths)
        {
            var volume = VolumeAsCreated(path);
            spec.AppendLine(CultureInfo.InvariantCulture, $"volume {path} {volume.Uid} {volume.Gid} {volume.ModeOctal}");
        }

        File.WriteAllText(specPath, spec.ToString());
        return ["sh", Script, specPath, .. _image.Entrypoint];
    }
}
