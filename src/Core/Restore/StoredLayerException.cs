namespace GitHubBackup.Core.Restore;

/// <summary>A stored bundle a restore needs is missing, or is not the bytes the manifest recorded (rot); the message says which.</summary>
public sealed class StoredLayerException(string message, bool missing) : IOException(message)
{
    public bool Missing { get; } = missing;
}
