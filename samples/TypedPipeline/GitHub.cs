using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using DltNet.Attributes;
using DltNet.Extract;
using DltNet.Schema;

namespace TypedPipeline;

/// <summary>
/// A typed dlt source: the generator adds <c>GitHub.Source(http, owner, repository)</c> and one factory per resource
/// (<c>GitHub.IssuesResource(...)</c>, <c>GitHub.LabelsResource(...)</c>) with the hints and table schemas declared here.
/// </summary>
[DltSource(Name = "github")]
public static partial class GitHub
{
    /// <summary>
    /// Issues, merged on their id and loaded incrementally on <c>updated_at</c>: the generated factory creates the cursor from
    /// [DltIncremental], passes it here and sets it on the resource, so dlt filters already loaded issues and keeps the last
    /// value in the pipeline state.
    /// </summary>
    [DltResource(WriteDisposition = WriteDispositionKind.Merge, PrimaryKey = new[] { nameof(Issue.Id) })]
    public static async IAsyncEnumerable<Issue> Issues(HttpClient http, string owner, string repository,
        [DltIncremental(nameof(Issue.UpdatedAt), InitialValue = "2022-01-01T00:00:00Z")] Incremental<DateTimeOffset> updatedAt,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // ask only for what changed since the last run; the cursor still filters (and deduplicates) what comes back
        var url = $"repos/{owner}/{repository}/issues?per_page=3&since={Uri.EscapeDataString(updatedAt.Start.ToString("O"))}";
        while (url is not null)
        {
            using var response = await http.GetAsync(url, cancellationToken);
            response.EnsureSuccessStatusCode();
            var page = await response.Content.ReadFromJsonAsync(GitHubJson.Default.ListIssue, cancellationToken) ?? [];
            foreach (var issue in page) yield return issue;
            url = NextPage(response);
        }
    }

    /// <summary>The repository's labels, replaced on every run.</summary>
    [DltResource(WriteDisposition = WriteDispositionKind.Replace)]
    public static async IAsyncEnumerable<Label> Labels(HttpClient http, string owner, string repository,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var labels = await http.GetFromJsonAsync($"repos/{owner}/{repository}/labels", GitHubJson.Default.ListLabel, cancellationToken) ?? [];
        foreach (var label in labels) yield return label;
    }

    /// <summary>The <c>rel="next"</c> target of GitHub's <c>Link</c> header, if any.</summary>
    private static string? NextPage(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var values)) return null;
        foreach (var part in string.Join(",", values).Split(','))
        {
            var pieces = part.Split(';');
            if (pieces.Length == 2 && pieces[1].Trim() == "rel=\"next\"") return pieces[0].Trim().TrimStart('<').TrimEnd('>');
        }
        return null;
    }
}
