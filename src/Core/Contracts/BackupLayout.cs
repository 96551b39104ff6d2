using System.Globalization;
using System.Text.RegularExpressions;

namespace GitHubBackup.Core.Contracts;

/// <summary>
/// The storage layout, a contract shared with users' scripts and the AWS path. Keys are relative to the
/// destination root:
/// <code>
/// github-backup/objects/&lt;org&gt;/&lt;repo&gt;/&lt;sha256&gt;.bundle            shared by every snapshot that needs it
/// github-backup/objects/&lt;org&gt;/&lt;repo&gt;/wiki.&lt;sha256&gt;.bundle
/// github-backup/objects/&lt;org&gt;/&lt;repo&gt;/lfs.&lt;sha256&gt;.tar
/// github-backup/&lt;YYYY-MM-DD&gt;/&lt;org&gt;/manifest.json
/// github-backup/.staging/&lt;writer&gt;/&lt;YYYY-MM-DD&gt;/&lt;org&gt;/...    written, not yet verified
/// </code>
/// A bundle's key names its content (the SHA-256 of its bytes, always 64 hex digits): two writes of different
/// bytes never share a key, so a manifest entry and the object at its key cannot come from different runs.
/// A snapshot's folder holds its manifest (and metadata); its bundles live under <c>objects/</c>, where later snapshots
/// reference them instead of copying them, so deleting a snapshot folder never breaks another snapshot. Snapshots
/// written before this layout hold <c>&lt;repo&gt;.&lt;sha256&gt;.bundle</c> or <c>&lt;repo&gt;.bundle</c> in their folder;
/// readers follow the manifest's keys, so every layout restores. Staged objects live outside every snapshot, where no repository name can
/// reach (names cannot contain '/') and no date folder is.
/// </summary>
public static partial class BackupLayout
{
    public const string Root = "github-backup";
    public const string DateFormat = "yyyy-MM-dd";

    public static string Date(DateTimeOffset runStart) =>
        runStart.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);

    public static string SnapshotPrefix(string date, string org) => $"{Root}/{RequireDate(date)}/{RequireOrg(org)}/";

    public const string StagingFolder = ".staging";

    /// <summary>Where every snapshot's shared objects live: not a date, so no snapshot listing meets it.</summary>
    public const string ObjectsFolder = "objects";

    /// <summary>The objects of one repository (its bundles, full and incremental, and its wiki's).</summary>
    public static string ObjectsPrefix(string org, string repo) => $"{Root}/{ObjectsFolder}/{RequireOrg(org)}/{RequireRepo(repo)}/";

    /// <summary>Whether a key is in the shared objects area (not an older layout's key in a snapshot's folder).</summary>
    public static bool IsObjectKey(string key) => key.StartsWith($"{Root}/{ObjectsFolder}/", StringComparison.Ordinal);

    /// <summary>The bundle of <paramref name="repo"/> whose bytes have SHA-256 <paramref name="sha256"/>.</summary>
    public static string BundleKey(string org, string repo, string sha256) => ObjectsPrefix(org, repo) + $"{RequireSha256(sha256)}.bundle";

    /// <summary>The wiki's bundle of <paramref name="repo"/> whose bytes have SHA-256 <paramref name="sha256"/>.</summary>
    public static string WikiBundleKey(string org, string repo, string sha256) => ObjectsPrefix(org, repo) + $"wiki.{RequireSha256(sha256)}.bundle";

    /// <summary>Where objects wait, written but not yet verified, one folder per writer: a manifest never names a key under it.</summary>
    public const string StagingPrefix = Root + "/" + StagingFolder + "/";

    /// <summary>A staged object of one writer (see <see cref="StagingPrefix"/>) for a snapshot.</summary>
    public static string StagingKey(string writer, string date, string org, string name) =>
        StagingPrefix + RequireSegment(writer) + "/" + RequireDate(date) + "/" + RequireOrg(org) + "/" + RequireSegment(name);

    /// <summary>The Git LFS archive of <paramref name="repo"/> whose bytes have SHA-256 <paramref name="sha256"/> (shared like bundles).</summary>
    public static string LfsArchiveKey(string org, string repo, string sha256) => ObjectsPrefix(org, repo) + $"lfs.{RequireSha256(sha256)}.tar";

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

    private static string RequireSha256(string sha256) =>
        Sha256Pattern().IsMatch(sha256) ? sha256 : throw new ArgumentException($"'{sha256}' is not a SHA-256 in lowercase hex.");

    private static string RequireSegment(string segment) =>
        segment.Length > 0 && !segment.Contains('/') && segment is not ("." or "..") ? segment : throw new ArgumentException($"'{segment}' is not one key segment.");

    private static string RequireDate(string date) =>
        IsDate(date) ? date : throw new ArgumentException($"'{date}' is not a date of the form {DateFormat}.");

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]{0,38}$")]
    private static partial Regex OrgPattern();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Pattern();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex RepoPattern();
}
