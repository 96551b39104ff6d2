using System.Collections.Concurrent;
using System.Diagnostics;

namespace GitHubBackup.Core.Git;

/// <summary>
/// Starts child processes that die with this one, even when it is killed outright (SIGKILL, an OOM kill, a stopped
/// container task) and cannot clean up: each child runs under <c>setpriv --pdeathsig KILL</c> (util-linux, in
/// every Debian image), which asks the kernel (prctl PR_SET_PDEATHSIG) to kill it when its parent goes. The kernel
/// means the parent <em>thread</em> (prctl(2): "the parent thread"), and .NET forks on the calling thread, which may
/// be a pool thread that retires; so every child is started from one thread that lives as long as the process.
/// Where setpriv is missing, children start as they are.
/// </summary>
internal static class ChildProcesses
{
    private static readonly string? Setpriv = new[] { "/usr/bin/setpriv", "/bin/setpriv" }.FirstOrDefault(File.Exists);
    private static readonly BlockingCollection<(ProcessStartInfo Info, TaskCompletionSource<Process> Started)> Requests = [];

    static ChildProcesses()
    {
        if (Setpriv is not null)
        {
            new Thread(Serve) { IsBackground = true, Name = "child-process-starter" }.Start();
        }
    }

    /// <summary>Starts <paramref name="program"/> with the arguments and settings of <paramref name="info"/> (whose FileName is ignored).</summary>
    public static Process Start(string program, ProcessStartInfo info)
    {
        if (Setpriv is null)
        {
            info.FileName = program;
            return Process.Start(info) ?? throw new InvalidOperationException($"{program} could not be started.");
        }

        info.FileName = Setpriv;
        string[] wrapper = ["--pdeathsig", "KILL", "--", program];
        for (var i = 0; i < wrapper.Length; i++)
        {
            info.ArgumentList.Insert(i, wrapper[i]);
        }

        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Requests.Add((info, started));
        return started.Task.GetAwaiter().GetResult();
    }

    private static void Serve()
    {
        foreach (var (info, started) in Requests.GetConsumingEnumerable())
        {
            try
            {
                started.SetResult(Process.Start(info) ?? throw new InvalidOperationException($"{info.ArgumentList[3]} could not be started."));
            }
            catch (Exception e)
            {
                started.SetException(e);
            }
        }
    }
}
