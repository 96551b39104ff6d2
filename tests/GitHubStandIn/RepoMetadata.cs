using System.Globalization;
using System.Text.Json.Nodes;

namespace GitHubBackup.StandIn;

/// <summary>
/// A repository's issues, pull requests, comments, reviews, releases, labels and milestones, as GitHub's REST API
/// returns them. Issue and pull request numbers share one sequence; every change moves updated_at.
/// </summary>
public sealed class RepoMetadata
{
    private readonly Lock _gate = new();
    private readonly List<JsonObject> _issues = [];
    private readonly List<JsonObject> _comments = [];
    private readonly Dictionary<long, (JsonObject Pull, List<JsonObject> Reviews, List<JsonObject> ReviewComments, List<JsonObject> Commits)> _pulls = [];
    private readonly List<(JsonObject Release, Dictionary<long, byte[]> Assets)> _releases = [];
    private readonly List<JsonObject> _labels = [];
    private readonly List<JsonObject> _milestones = [];
    private readonly string _fullName;
    private readonly Uri _apiBase;
    private long _nextNumber = 1;
    private long _nextId = 5_000_000;

    internal RepoMetadata(string fullName, Uri apiBase)
    {
        _fullName = fullName;
        _apiBase = apiBase;
    }

    /// <summary>The clock every change is stamped with; tests move it to make "since" meaningful.</summary>
    public DateTimeOffset Now { get; set; } = DateTimeOffset.UtcNow.AddDays(-30);

    public long AddIssue(string title, string body = "")
    {
        lock (_gate)
        {
            var number = _nextNumber++;
            _issues.Add(Item(number, title, body));
            return number;
        }
    }

    public long Comment(long number, string body)
    {
        lock (_gate)
        {
            var id = _nextId++;
            _comments.Add(new JsonObject
            {
                ["id"] = id,
                ["issue_url"] = $"{_apiBase}repos/{_fullName}/issues/{number}",
                ["body"] = body,
                ["user"] = User(),
                ["created_at"] = Stamp(),
                ["updated_at"] = Stamp(),
            });
            Touch(number);
            return id;
        }
    }

    public long AddPull(string title, string headSha)
    {
        lock (_gate)
        {
            var number = _nextNumber++;
            var issue = Item(number, title, "");
            issue["pull_request"] = new JsonObject { ["url"] = $"{_apiBase}repos/{_fullName}/pulls/{number}" };
            _issues.Add(issue);
            var pull = Item(number, title, "");
            pull["head"] = new JsonObject { ["ref"] = $"feature-{number}", ["sha"] = headSha };
            pull["base"] = new JsonObject { ["ref"] = "main" };
            pull["merged_at"] = null;
            _pulls[number] = (pull, [], [], [new JsonObject { ["sha"] = headSha, ["commit"] = new JsonObject { ["message"] = title } }]);
            return number;
        }
    }

    public void Review(long number, string state, string body)
    {
        lock (_gate)
        {
            _pulls[number].Reviews.Add(new JsonObject { ["id"] = _nextId++, ["state"] = state, ["body"] = body, ["user"] = User(), ["submitted_at"] = Stamp() });
            Touch(number);
        }
    }

    public void ReviewComment(long number, string path, string body)
    {
        lock (_gate)
        {
            _pulls[number].ReviewComments.Add(new JsonObject { ["id"] = _nextId++, ["path"] = path, ["body"] = body, ["user"] = User(), ["created_at"] = Stamp(), ["updated_at"] = Stamp() });
            Touch(number);
        }
    }

    /// <summary>Edits an issue or pull request (its updated_at moves).</summary>
    public void Edit(long number, string title)
    {
        lock (_gate)
        {
            foreach (var item in _issues.Where(i => i["number"]!.GetValue<long>() == number).Concat(_pulls.TryGetValue(number, out var p) ? [p.Pull] : []))
            {
                item["title"] = title;
            }

            Touch(number);
        }
    }

    public long AddRelease(string tag, params (string Name, byte[] Content)[] assets)
    {
        lock (_gate)
        {
            var id = _nextId++;
            var stored = new Dictionary<long, byte[]>();
            var list = new JsonArray();
            foreach (var (name, content) in assets)
            {
                var assetId = _nextId++;
                stored[assetId] = content;
                list.Add(new JsonObject
                {
                    ["id"] = assetId,
                    ["name"] = name,
                    ["size"] = content.Length,
                    ["content_type"] = "application/octet-stream",
                    ["updated_at"] = Stamp(),
                    ["url"] = $"{_apiBase}repos/{_fullName}/releases/assets/{assetId}",
                });
            }

            _releases.Add((new JsonObject { ["id"] = id, ["tag_name"] = tag, ["name"] = tag, ["draft"] = false, ["prerelease"] = false, ["created_at"] = Stamp(), ["assets"] = list }, stored));
            return id;
        }
    }

    public void AddLabel(string name, string color = "ededed")
    {
        lock (_gate)
        {
            _labels.Add(new JsonObject { ["id"] = _nextId++, ["name"] = name, ["color"] = color });
        }
    }

    public void AddMilestone(string title)
    {
        lock (_gate)
        {
            _milestones.Add(new JsonObject { ["id"] = _nextId++, ["number"] = _milestones.Count + 1, ["title"] = title, ["state"] = "open" });
        }
    }

    internal IReadOnlyList<JsonNode> Issues(DateTimeOffset? since) => Snapshot(() => _issues.Where(i => Updated(i) >= since.GetValueOrDefault()).OrderBy(Updated));

    internal IReadOnlyList<JsonNode> Comments(DateTimeOffset? since) => Snapshot(() => _comments.Where(c => Updated(c) >= since.GetValueOrDefault()).OrderBy(Updated));

    internal IReadOnlyList<JsonNode> Pulls() => Snapshot(() => _pulls.Values.Select(p => p.Pull).OrderByDescending(Updated));

    internal IReadOnlyList<JsonNode>? PullPart(long number, string part) =>
        _pulls.TryGetValue(number, out var pull)
            ? Snapshot(() => part switch { "reviews" => pull.Reviews, "comments" => pull.ReviewComments, _ => pull.Commits })
            : null;

    internal IReadOnlyList<JsonNode> Releases() => Snapshot(() => _releases.Select(r => r.Release));

    internal byte[]? Asset(long id)
    {
        lock (_gate)
        {
            return _releases.Select(r => r.Assets.GetValueOrDefault(id)).FirstOrDefault(a => a is not null);
        }
    }

    internal IReadOnlyList<JsonNode> Labels() => Snapshot(() => _labels);

    internal IReadOnlyList<JsonNode> Milestones() => Snapshot(() => _milestones);

    private static DateTimeOffset Updated(JsonObject item) => DateTimeOffset.Parse(item["updated_at"]!.GetValue<string>(), CultureInfo.InvariantCulture);

    private static JsonObject User() => new() { ["login"] = "octocat", ["id"] = 1 };

    private List<JsonNode> Snapshot(Func<IEnumerable<JsonObject>> items)
    {
        lock (_gate)
        {
            return items().Select(i => i.DeepClone()).ToList();
        }
    }

    private JsonObject Item(long number, string title, string body) => new()
    {
        ["id"] = _nextId++,
        ["number"] = number,
        ["title"] = title,
        ["body"] = body,
        ["state"] = "open",
        ["user"] = User(),
        ["labels"] = new JsonArray(),
        ["created_at"] = Stamp(),
        ["updated_at"] = Stamp(),
        ["closed_at"] = null,
    };

    private void Touch(long number)
    {
        foreach (var item in _issues.Where(i => i["number"]!.GetValue<long>() == number).Concat(_pulls.TryGetValue(number, out var p) ? [p.Pull] : []))
        {
            item["updated_at"] = Stamp();
        }
    }

    private string Stamp()
    {
        Now = Now.AddSeconds(1);
        return Now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }
}
