// The issue's example: a source with a merge resource, an incremental cursor, nested records, a list of records and a json member.
using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using DltNet.Attributes;
using DltNet.Extract;
using DltNet.Schema;

namespace Samples.GitHub
{
    [DltSource(Name = "github")]
    public static partial class GitHub
    {
        [DltResource(WriteDisposition = WriteDispositionKind.Merge, PrimaryKey = new[] { nameof(Issue.Id) })]
        public static async IAsyncEnumerable<Issue> Issues(HttpClient http,
            [DltIncremental(nameof(Issue.UpdatedAt), InitialValue = "2024-01-01T00:00:00Z")] Incremental<DateTimeOffset> updatedAt,
            [EnumeratorCancellation] CancellationToken ct = default)
        {
            await Task.Yield();
            yield return new Issue(1, "first", updatedAt.Start, new User("octocat", 7), new List<Label> { new("bug", "d73a4a") }, null);
        }

        [DltResource(WriteDisposition = WriteDispositionKind.Replace)]
        public static IEnumerable<Label> Labels(HttpClient http, int perPage = 30)
        {
            yield return new Label("bug", "d73a4a");
        }
    }

    public sealed record Issue(long Id, string Title, DateTimeOffset UpdatedAt, User Author, IReadOnlyList<Label> Labels,
        [property: DltColumn(DataType = DltDataType.Json)] Dictionary<string, object?>? Raw);

    public sealed record User(string Login, long Id);

    public sealed record Label(string Name, string? Color);
}
