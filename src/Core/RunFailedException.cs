namespace GitHubBackup.Core;

/// <summary>
/// The run could not proceed for a reason outside the user's input (GitHub unavailable, rate limit far
/// from resetting). One line a person can act on; commands exit 1 on it.
/// </summary>
public sealed class RunFailedException(string message, Exception? inner = null) : Exception(message, inner);
