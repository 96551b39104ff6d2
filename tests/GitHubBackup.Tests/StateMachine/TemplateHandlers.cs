namespace GitHubBackup.Tests.StateMachine;

/// <summary>The Handler strings template.yaml gives the functions (a definition test checks they match the template).</summary>
public static class TemplateHandlers
{
    public const string Plan = "PlanBackup";
    public const string Summarize = "Summarize";
    public const string ListOrgs = "ListOrgs";
    public const string Prune = "Prune";
}
