using GitHubBackup.Core.Contracts;

namespace GitHubBackup.Core.Runs;

/// <summary>Checks a state-machine input before anything is listed or written.</summary>
public static class ExecutionInputValidation
{
    public static void Check(ExecutionInput input)
    {
        if (input.Repos is not null && input.RetryFromRunId is not null)
        {
            throw new ConfigurationException("""The input has both "repos" and "retryFromRunId"; give one: {"repos": ["name", ...]} or {"retryFromRunId": "<runId>"}.""");
        }

        if (input.Orgs is not null || input.AllOrgs)
        {
            throw new ConfigurationException("""PlanBackup plans one org; "orgs" and "allOrgs" are handled by the state machine, which starts a run per org.""");
        }

        if (input.Repos is { Count: 0 })
        {
            throw new ConfigurationException("""The input's "repos" is empty; list repository names, or start with {} to back up the whole org.""");
        }

        var invalid = (input.Repos ?? []).Where(r => !BackupLayout.IsRepoName(r)).ToList();
        if (invalid.Count > 0)
        {
            throw new ConfigurationException($"""Not repository names in "repos": {string.Join(", ", invalid.Select(n => $"'{n}'"))}; give names without the org, e.g. ["api", "web"].""");
        }

        if (input.Org is not null && !BackupLayout.IsOrgName(input.Org))
        {
            throw new ConfigurationException($"""The input's "org" '{input.Org}' is not a GitHub organization name.""");
        }

        if (input.Parts?.MaxAssetMb is < 0 or > PartSelection.MaxAssetMbLimit)
        {
            throw new ConfigurationException($"""The input's "parts.maxAssetMB" {input.Parts.MaxAssetMb} is out of range; give 0 (store no assets) to {PartSelection.MaxAssetMbLimit}.""");
        }

        if (input.RetryFromRunId is not null && !RunLayout.IsRunId(input.RetryFromRunId))
        {
            throw new ConfigurationException($"""The input's "retryFromRunId" '{input.RetryFromRunId}' is not a run id (the execution name of an earlier run).""");
        }
    }
}
