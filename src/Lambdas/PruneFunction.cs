using GitHubBackup.Core;
using GitHubBackup.Core.Runs;

namespace GitHubBackup.Lambdas;

/// <summary>Prune: <see cref="PruneRequest"/> in, <see cref="PruneSummary"/> out; prints the prune's EMF metrics.</summary>
public static class PruneFunction
{
    public static async Task<Stream> HandleAsync(Stream input, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await input.CopyToAsync(buffer, cancellationToken);
        var request = PruneJson.DeserializeRequest(buffer.ToArray(), "The Prune input");
        var settings = LambdaSettings.FromEnvironment();
        var summary = await new RunPruner(settings.OpenStore(), RetentionSettings.FromEnvironment()).PruneAsync(request, cancellationToken);
        Console.WriteLine(PruneMetrics.EmbeddedMetricLine(summary, SystemClock.Instance.UtcNow));
        return new MemoryStream(PruneJson.Serialize(summary), writable: false);
    }
}
