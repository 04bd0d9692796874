using System.Text.Json.Serialization;
using DltNet.Attributes;

namespace TypedPipeline;

// The rows of the GitHub resources. The source generator reads these records at build time: each becomes a table schema
// (nested records flatten into parent__child columns, lists become child tables) and a reflection-free row converter.

/// <summary>An issue of <c>GET /repos/{owner}/{repo}/issues</c>.</summary>
public sealed record Issue(
    long Id,
    long Number,
    string Title,
    string State,
    bool Locked,
    int Comments,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ClosedAt,
    string AuthorAssociation,
    string? Body,
    string HtmlUrl,
    User User,
    IReadOnlyList<Label> Labels,
    IReadOnlyList<User> Assignees,
    Reactions Reactions,
    [property: DltIgnore] string Url);

/// <summary>A GitHub user (flattened into <c>user__*</c> columns of the issue).</summary>
public sealed record User(string Login, long Id, string Type, bool SiteAdmin, string HtmlUrl);

/// <summary>A label (an <c>issues__labels</c> child row, or a row of the <c>labels</c> table).</summary>
public sealed record Label(long Id, string Name, string Color, bool Default, string? Description);

/// <summary>Reaction counts; the API's <c>+1</c>/<c>-1</c> keys get C# names, and the member names become the columns.</summary>
public sealed record Reactions(
    int TotalCount,
    [property: JsonPropertyName("+1")] int PlusOne,
    [property: JsonPropertyName("-1")] int MinusOne,
    int Laugh,
    int Hooray,
    int Confused,
    int Heart,
    int Rocket,
    int Eyes);

/// <summary>System.Text.Json's source-generated (reflection-free) reader of the API responses.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(List<Issue>))]
[JsonSerializable(typeof(List<Label>))]
internal sealed partial class GitHubJson : JsonSerializerContext;
