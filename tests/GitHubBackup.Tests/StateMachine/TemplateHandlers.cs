namespace GitHubBackup.Tests.StateMachine;

/// <summary>The handler strings template.yaml gives the functions (a definition test checks they match the template).</summary>
public static class TemplateHandlers
{
    public const string Plan = "GitHubBackup.Lambdas::GitHubBackup.Lambdas.PlanBackupFunction::HandleAsync";
    public const string Summarize = "GitHubBackup.Lambdas::GitHubBackup.Lambdas.SummarizeFunction::HandleAsync";
    public const string ListOrgs = "GitHubBackup.Lambdas::GitHubBackup.Lambdas.ListOrgsFunction::HandleAsync";
}
