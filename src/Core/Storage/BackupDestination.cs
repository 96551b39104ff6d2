using System.Text.RegularExpressions;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace GitHubBackup.Core.Storage;

/// <summary>Turns --dest (a path or s3://bucket[/prefix]) and --s3-endpoint into a store.</summary>
public static partial class BackupDestination
{
    public const string S3Form = "s3://BUCKET[/PREFIX]";

    public static IBackupStore Open(string dest, string? s3Endpoint)
    {
        Validate(dest);
        if (!IsS3(dest))
        {
            return new LocalDirectoryStore(dest);
        }

        var (bucket, prefix) = ParseS3(dest);
        return new S3Store(CreateS3Client(s3Endpoint), bucket, prefix);
    }

    public static bool IsS3(string dest) => dest.StartsWith("s3://", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A directory, or a well-formed <c>s3://BUCKET[/PREFIX]</c>. What looks like an address but is not one
    /// (<c>s3:/bucket</c>, <c>s3:bucket</c>, <c>s3//bucket</c>, <c>gs://bucket</c>) is refused: as a path it would
    /// quietly become a local folder named <c>s3:</c> that nobody looks in.
    /// </summary>
    public static void Validate(string dest)
    {
        if (string.IsNullOrWhiteSpace(dest))
        {
            throw new ConfigurationException($"--dest is empty; give a directory or {S3Form}.");
        }

        if (IsS3(dest))
        {
            ParseS3(dest);
            return;
        }

        if (LooksLikeAddress().IsMatch(dest))
        {
            throw new ConfigurationException($"--dest '{dest}' is neither a directory nor an S3 address; write {S3Form} (or ./{dest} if you mean a directory).");
        }
    }

    public static (string Bucket, string Prefix) ParseS3(string dest)
    {
        var rest = dest["s3://".Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? "" : rest[(slash + 1)..].Trim('/');
        if (bucket.Length == 0)
        {
            throw new ConfigurationException($"--dest '{dest}' names no bucket; use {S3Form}.");
        }

        // https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
        if (!BucketName().IsMatch(bucket) || bucket.Contains("..", StringComparison.Ordinal) || IpAddress().IsMatch(bucket))
        {
            throw new ConfigurationException(
                $"'{bucket}' in --dest is not an S3 bucket name (3-63 lower-case letters, digits, '.' and '-', starting and ending with a letter or digit); use {S3Form}.");
        }

        if (prefix.Split('/').Any(segment => segment is "." or ".."))
        {
            throw new ConfigurationException($"The prefix '{prefix}' in --dest must not contain '.' or '..' segments.");
        }

        return (bucket, prefix);
    }

    /// <summary>
    /// The default AWS credential chain (environment, profile, container or instance role). A custom
    /// endpoint (MinIO, R2, an emulator) gets path-style addressing.
    /// </summary>
    public static IAmazonS3 CreateS3Client(string? endpoint)
    {
        var config = new AmazonS3Config();
        var region = Environment.GetEnvironmentVariable("AWS_REGION") ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION");
        if (endpoint is not null)
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new ConfigurationException($"--s3-endpoint '{endpoint}' is not an http(s) address, e.g. https://ACCOUNT.r2.cloudflarestorage.com.");
            }

            config.ServiceURL = uri.ToString();
            config.ForcePathStyle = true;
            config.AuthenticationRegion = region ?? "us-east-1";
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region ?? "us-east-1");
        }

        try
        {
            return new AmazonS3Client(config);
        }
        catch (AmazonClientException e)
        {
            throw new ConfigurationException($"No usable AWS credentials for S3: {e.Message.Split('\n')[0]} Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, or run with a role.", e);
        }
    }

    // s3:, s3// and any scheme:// (two letters or more, so C:\ stays a path).
    [GeneratedRegex(@"^(s3:|s3//|[a-z][a-z0-9+.-]+://)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LooksLikeAddress();

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex BucketName();

    [GeneratedRegex(@"^\d+\.\d+\.\d+\.\d+$", RegexOptions.CultureInvariant)]
    private static partial Regex IpAddress();
}
