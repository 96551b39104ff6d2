namespace GitHubBackup.Bench;

/// <summary>One scenario's numbers: memory of the main process and of its whole tree (git children included), and requests GitHub served.</summary>
internal sealed record Measurement(
    string Scenario, TimeSpan Wall, long? PeakResidentBytes, long? PeakTreeResidentBytes, long? PeakScratchBytes, int Clones, long BytesFromGitHub, long BytesStored,
    int ApiRequests, int GitRequests);
