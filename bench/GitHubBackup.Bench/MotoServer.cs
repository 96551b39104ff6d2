using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Amazon.S3;
using Amazon.S3.Model;

namespace GitHubBackup.Bench;

/// <summary>A moto_server of the benchmark's own on a free port (the real S3 protocol), stopped on dispose.</summary>
internal sealed class MotoServer : IDisposable
{
    public const string AccessKey = "bench";
    public const string SecretKey = "bench";

    private readonly Process _process;

    private MotoServer(Process process, string endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    public string Endpoint { get; }

    /// <summary>What a runner process needs in its environment to reach this server's buckets.</summary>
    public static IReadOnlyDictionary<string, string> Credentials { get; } = new Dictionary<string, string>
    {
        ["AWS_ACCESS_KEY_ID"] = AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = SecretKey,
        ["AWS_REGION"] = "us-east-1",
    };

    public static async Task<MotoServer> StartAsync()
    {
        var port = FreePort();
        Process process;
        try
        {
            process = Process.Start(new ProcessStartInfo("moto_server", ["-H", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture)]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new BenchFailure("moto_server not found: pip install 'moto[server]'.");
        }

        // moto logs every request: its output is drained, or a full pipe would stall it.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new MotoServer(process, $"http://127.0.0.1:{port}");
        using var http = new HttpClient();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                await http.GetAsync(server.Endpoint + "/moto-api/");
                return server;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200);
            }
        }

        server.Dispose();
        throw new BenchFailure($"moto_server did not answer on {server.Endpoint} within 20 s.");
    }

    public AmazonS3Client Client() =>
        new(new Amazon.Runtime.BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config { ServiceURL = Endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1" });

    /// <summary>A bucket, versioned when asked (as the SAM template's is, so that what S3 bills includes old versions).</summary>
    public async Task CreateBucketAsync(string bucket, bool versioned)
    {
        using var s3 = Client();
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        if (versioned)
        {
            await s3.PutBucketVersioningAsync(new PutBucketVersioningRequest { BucketName = bucket, VersioningConfig = new S3BucketVersioningConfig { Status = VersionStatus.Enabled } });
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
