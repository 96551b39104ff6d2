using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace GitHubBackup.Core.Storage;

/// <summary>Turns --dest (a path or s3://bucket[/prefix]) and --s3-endpoint into a store.</summary>
public static class BackupDestination
{
    public static IBackupStore Open(string dest, string? s3Endpoint)
    {
        if (string.IsNullOrWhiteSpace(dest))
        {
            throw new ConfigurationException("--dest is empty; give a directory or s3://BUCKET[/PREFIX].");
        }

        if (!IsS3(dest))
        {
            return new LocalDirectoryStore(dest);
        }

        var (bucket, prefix) = ParseS3(dest);
        return new S3Store(CreateS3Client(s3Endpoint), bucket, prefix);
    }

    public static bool IsS3(string dest) => dest.StartsWith("s3://", StringComparison.OrdinalIgnoreCase);

    public static (string Bucket, string Prefix) ParseS3(string dest)
    {
        var rest = dest["s3://".Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? "" : rest[(slash + 1)..].Trim('/');
        if (bucket.Length is < 3 or > 63 || !bucket.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-'))
        {
            throw new ConfigurationException($"'{bucket}' in --dest is not an S3 bucket name (3-63 lower-case letters, digits, '.' and '-'); use s3://BUCKET[/PREFIX].");
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
}
