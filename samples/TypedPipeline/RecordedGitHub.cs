using System.Net;
using System.Text;
using System.Text.Json;

namespace TypedPipeline;

/// <summary>
/// Replays recorded GitHub API exchanges (@octokit/fixtures format) instead of calling api.github.com: a GET is answered
/// with the recorded status, body and <c>Link</c> header of the exchange with the same path and recorded query parameters
/// (parameters the recording did not send, like <c>since</c>, are ignored). Recorded repository names are replaced by
/// <see cref="Repository"/> so that one sample repository serves both recordings.
/// </summary>
internal sealed class RecordedGitHub : HttpMessageHandler
{
    public const string Owner = "octokit-fixture-org";
    public const string Repository = "fixtures";

    private readonly List<(string Path, Dictionary<string, string> Query, int Status, string Body, string? Link)> _exchanges = [];

    public RecordedGitHub(IEnumerable<string> recordingFiles)
    {
        foreach (var file in recordingFiles)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var exchange in doc.RootElement.EnumerateArray())
            {
                if (exchange.GetProperty("method").GetString() != "get") continue;
                var (path, query) = Split(StableRepository(exchange.GetProperty("path").GetString()!));
                string? link = null;
                var headers = exchange.GetProperty("rawHeaders").EnumerateArray().Select(h => h.GetString()!).ToList();
                for (var i = 0; i + 1 < headers.Count; i += 2)
                    if (headers[i].Equals("Link", StringComparison.OrdinalIgnoreCase)) link = StableRepository(headers[i + 1]);
                _exchanges.Add((path, query, exchange.GetProperty("status").GetInt32(), exchange.GetProperty("response").GetRawText(), link));
            }
        }
    }

    /// <summary>Requests answered so far.</summary>
    public List<string> Requests { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        Requests.Add(uri.PathAndQuery);
        var (path, query) = Split(uri.PathAndQuery);
        var match = _exchanges.FirstOrDefault(e => e.Path == path && e.Query.All(q => query.TryGetValue(q.Key, out var v) && v == q.Value));
        if (match.Path is null)
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound) { RequestMessage = request });
        var response = new HttpResponseMessage((HttpStatusCode)match.Status)
        {
            RequestMessage = request,
            Content = new StringContent(match.Body, Encoding.UTF8, "application/json"),
        };
        if (match.Link is not null) response.Headers.TryAddWithoutValidation("Link", match.Link);
        return Task.FromResult(response);
    }

    private static string StableRepository(string text)
    {
        foreach (var recorded in new[] { "tmp-scenario-paginate-issues-20220719043836917-izyoe", "tmp-scenario-labels-20220719043808548-dbtiq" })
            text = text.Replace(recorded, Repository, StringComparison.Ordinal);
        return text;
    }

    private static (string Path, Dictionary<string, string> Query) Split(string pathAndQuery)
    {
        var q = pathAndQuery.IndexOf('?');
        var path = q < 0 ? pathAndQuery : pathAndQuery[..q];
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        if (q >= 0)
            foreach (var pair in pathAndQuery[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=');
                query[Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq])] = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            }
        return (path, query);
    }
}
