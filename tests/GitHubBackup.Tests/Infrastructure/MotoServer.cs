using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.S3;
using Amazon.S3.Model;

namespace GitHubBackup.Tests.Infrastructure;

/// <summary>
/// The real S3 protocol, served by moto_server: the one started by .ci/run (MOTO_ENDPOINT), or one this
/// test process starts on a free port and stops when it exits.
/// </summary>
public static class MotoServer
{
    public const string AccessKey = "testing-access-key";
    public const string SecretKey = "testing-secret-key";

    private static readonly Lazy<string> SharedEndpoint = new(StartOrReuse, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Endpoint => SharedEndpoint.Value;

    /// <summary>Credentials in the environment, as a user would set them, so code under test finds them the normal way.</summary>
    public static void UseTestCredentials()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", AccessKey);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", SecretKey);
        Environment.SetEnvironmentVariable("AWS_REGION", "us-east-1");
    }

    public static IAmazonS3 Client()
    {
        UseTestCredentials();
        return new AmazonS3Client(
            new Amazon.Runtime.BasicAWSCredentials(AccessKey, SecretKey),
            new AmazonS3Config { ServiceURL = Endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
    }

    /// <summary>A new bucket with a unique name; versioned like the bucket the SAM template creates.</summary>
    public static async Task<string> CreateBucketAsync(bool versioned = true)
    {
        var bucket = $"test-{Guid.NewGuid():N}";
        using var s3 = Client();
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        if (versioned)
        {
            await s3.PutBucketVersioningAsync(new PutBucketVersioningRequest
            {
                BucketName = bucket,
                VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled },
            });
        }

        return bucket;
    }

    private static string StartOrReuse()
    {
        UseTestCredentials();
        if (Environment.GetEnvironmentVariable("MOTO_ENDPOINT") is { Length: > 0 } given)
        {
            return given;
        }

        var (endpoint, process) = Launch(new Dictionary<string, string>());
        AppDomain.CurrentDomain.ProcessExit += (_, _) => process.Dispose();
        return endpoint;
    }

    /// <summary>
    /// A moto_server of the test's own, e.g. one that checks credentials (INITIAL_NO_AUTH_ACTION_COUNT=0), which the
    /// shared one must not do. Disposing it stops it.
    /// </summary>
    public static (string Endpoint, IDisposable Server) StartDedicated(IReadOnlyDictionary<string, string> environment)
    {
        var (endpoint, process) = Launch(environment);
        return (endpoint, process);
    }

    private static (string Endpoint, KillOnDispose Process) Launch(IReadOnlyDictionary<string, string> environment)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("moto_server", ["-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("moto_server not found: pip install 'moto[server]' (or set MOTO_ENDPOINT to a running one)");
        }

        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new KillOnDispose(process);

        var endpoint = $"http://127.0.0.1:{port}";
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                http.GetAsync(endpoint + "/moto-api/").GetAwaiter().GetResult();
                return (endpoint, server);
            }
            catch (HttpRequestException)
            {
                Thread.Sleep(200);
            }
        }

        server.Dispose();
        throw new InvalidOperationException($"moto_server did not answer on {endpoint} within 30 s.");
    }

    private sealed class KillOnDispose(Process process) : IDisposable
    {
        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
