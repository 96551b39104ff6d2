using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace GitHubBackup.Tests.Infrastructure;

/// <summary>A gate: the first request that matches is held (never forwarded) until its client goes away.</summary>
public sealed partial class S3FaultProxy
{
    private readonly List<(string Method, Regex PathAndQuery, TaskCompletionSource Arrived)> _requestHolds = [];

    /// <summary>
    /// Holds the next request whose method and path (with query) match; the task completes when it arrives, so a test
    /// acts at exactly that moment (the client is then inside that request, and stays there).
    /// </summary>
    public Task Hold(string method, string pathAndQueryPattern)
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _requestHolds.Add((method, new Regex(pathAndQueryPattern), arrived));
        }

        return arrived.Task;
    }

    private async Task HoldIfMatchedAsync(HttpRequest request, CancellationToken clientGone)
    {
        TaskCompletionSource? arrived = null;
        var target = request.Path + request.QueryString;
        lock (_gate)
        {
            var index = _requestHolds.FindIndex(h => h.Method == request.Method && h.PathAndQuery.IsMatch(target));
            if (index >= 0)
            {
                arrived = _requestHolds[index].Arrived;
                _requestHolds.RemoveAt(index);
            }
        }

        if (arrived is not null)
        {
            arrived.SetResult();
            await Task.Delay(Timeout.Infinite, clientGone);
        }
    }
}
