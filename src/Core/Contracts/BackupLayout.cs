using System.Globalization;
using System.Text.RegularExpressions;

namespace GitHubBackup.Core.Contracts;

/// <summary>
/// The storage layout, a contract shared with users' scripts and the AWS path. Keys are relative to the
/// destination root:
/// <code>
/// github-backup/&lt;YYYY-MM-DD&gt;/&lt;org&gt;/&lt;repo&gt;.bundle
/// github-backup/&lt;YYYY-MM-DD&gt;/&lt;org&gt;/manifest.json
/// </code>
/// </summary>
public static partial class BackupLayout
{
    public const string Root = "github-backup";
    public const string DateFormat = "yyyy-MM-dd";

    public static string Date(DateTimeOffset runStart) =>
        runStart.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static string SnapshotPrefix(string date, string org) => $"{Root}/{RequireDate(date)}/{RequireOrg(org)}/";

    public static string BundleKey(string date, string org, string repo) => SnapshotPrefix(date, org) + RequireRepo(repo) + ".bundle";

    public static string WikiBundleKey(string date, string org, string repo) => SnapshotPrefix(date, org) + RequireRepo(repo) + ".wiki.bundle";

    public static string LfsArchiveKey(string date, string org, string repo) => SnapshotPrefix(date, org) + RequireRepo(repo) + ".lfs.tar";

    public static string MetadataArchiveKey(string date, string org, string repo) => SnapshotPrefix(date, org) + RequireRepo(repo) + ".metadata.json.gz";

    /// <summary>A release asset, by its GitHub id (names repeat across releases).</summary>
    public static string ReleaseAssetKey(string date, string org, string repo, long assetId, string name) =>
        SnapshotPrefix(date, org) + RequireRepo(repo) + $".assets/{assetId}-{SafeFileName(name)}";

    private static string SafeFileName(string name) =>
        new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray()) is { Length: > 0 } safe && safe is not ("." or "..") ? safe : "asset";

    public static string ManifestKey(string date, string org) => SnapshotPrefix(date, org) + "manifest.json";

    /// <summary>A verification report kept next to the manifest (restore drills), named by who ran it.</summary>
    public static string VerifyReportKey(string date, string org, string name) => SnapshotPrefix(date, org) + $"verify/{name}.json";

    public static bool IsDate(string value) =>
        DateOnly.TryParseExact(value, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    /// <summary>GitHub logins: alphanumerics and hyphens, not starting with a hyphen.</summary>
    public static bool IsOrgName(string value) => OrgPattern().IsMatch(value);

    /// <summary>GitHub repository names: ASCII letters, digits, '.', '-', '_'; never "." or "..".</summary>
    public static bool IsRepoName(string value) => RepoPattern().IsMatch(value) && value is not ("." or "..");

    public static string RequireOrg(string org) =>
        IsOrgName(org) ? org : throw new ArgumentException($"'{org}' is not a GitHub organization name (letters, digits and hyphens).");

    public static string RequireRepo(string repo) =>
        IsRepoName(repo) ? repo : throw new ArgumentException($"'{repo}' is not a GitHub repository name (letters, digits, '.', '-', '_').");

    private static string RequireDate(string date) =>
        IsDate(date) ? date : throw new ArgumentException($"'{date}' is not a date of the form {DateFormat}.");

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{0,38}$")]
    private static partial Regex OrgPattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex RepoPattern();
}
