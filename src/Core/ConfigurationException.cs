namespace GitHubBackup.Core;

/// <summary>
/// Bad input or configuration that no retry can fix. The message is one line a person can act on:
/// what is wrong, and what to do about it. Commands exit 2 on it, having written nothing.
/// </summary>
public sealed class ConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
