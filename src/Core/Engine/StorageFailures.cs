namespace GitHubBackup.Core.Engine;

/// <summary>How storage errors read, and which mean "not there".</summary>
public static class StorageFailures
{
    public static string Describe(Exception error) =>
        error is Amazon.Runtime.AmazonServiceException service
            ? $"{service.ErrorCode} (HTTP {(int)service.StatusCode}): {service.Message}"
            : error.Message;

    public static bool IsMissing(Exception error) =>
        error is FileNotFoundException or DirectoryNotFoundException
        || error is Amazon.S3.AmazonS3Exception { StatusCode: System.Net.HttpStatusCode.NotFound };

    public static bool IsStorage(Exception error) => error is Amazon.Runtime.AmazonServiceException or IOException;
}
