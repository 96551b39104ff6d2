namespace GitHubBackup.Core.Engine;

/// <summary>A stored bundle did not read back as what was written.</summary>
public sealed class BundleVerificationException(string message) : Exception(message);
