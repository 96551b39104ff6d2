using GitHubBackup.Core;
using GitHubBackup.Core.Contracts;
using GitHubBackup.Core.Runs;

namespace GitHubBackup.Lambdas;

/// <summary>Summarize: <see cref="SummarizeRequest"/> in, <see cref="RunSummary"/> out; prints the run's EMF metrics.</summary>
public sealed class SummarizeFunction
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "The Lambda runtime calls handlers on an instance it creates.")]
    public async Task<Stream> HandleAsync(Stream input)
    {
        var request = await LambdaJson.ReadAsync<SummarizeRequest>(input, "The Summarize input");
        var settings = LambdaSettings.FromEnvironment();
        var summary = await new RunSummarizer(settings.OpenStore(), settings.Limits, SystemClock.Instance).SummarizeAsync(request, CancellationToken.None);
        Console.WriteLine(RunMetrics.EmbeddedMetricLine(summary, request.Stage, SystemClock.Instance.UtcNow));
        return LambdaJson.Write(summary);
    }
}
