using GitHubBackup.Core;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Runs;

namespace GitHubBackup.Lambdas;

/// <summary>Summarize: <see cref="SummarizeRequest"/> in, <see cref="RunSummary"/> out; prints the run's EMF metrics.</summary>
public static class SummarizeFunction
{
    public static async Task<Stream> HandleAsync(Stream input, CancellationToken cancellationToken)
    {
        var request = await LambdaJson.ReadAsync<SummarizeRequest>(input, "The Summarize input");
        var settings = LambdaSettings.FromEnvironment();
        var summary = await new RunSummarizer(settings.OpenStore(), settings.Limits, SystemClock.Instance).SummarizeAsync(request, cancellationToken);
        Console.WriteLine(RunMetrics.EmbeddedMetricLine(summary, request.Stage, SystemClock.Instance.UtcNow));
        return LambdaJson.Write(summary);
    }
}
