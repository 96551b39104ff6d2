namespace GitHubBackup.Bench;

/// <summary>One scenario's numbers.</summary>
internal sealed record Measurement(string Scenario, TimeSpan Wall, long? PeakResidentBytes, long? PeakScratchBytes, int Clones, long BytesFromGitHub, long BytesStored);
