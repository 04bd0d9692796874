using System.Text;
using DltNet.Destinations.DuckDb;
using DltNet.Extract;
using DltNet.Normalize;
using DltNet.Schema;
using DuckDB.NET.Data;

namespace DltNet.Generators.Tests.EndToEnd;

/// <summary>What the generated factories, schemas and converters give the runtime, and how a typed source runs end to end.</summary>
// one collection: these tests read the process-wide count of fast-path rows, so they must not run side by side
[Collection("typed pipelines")]
public sealed class TypedResourceTests : IDisposable
{
    private static readonly DateTimeOffset Jan1 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dlt-generators-tests", Guid.NewGuid().ToString("N"));

    public TypedResourceTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    private static Ticket NewTicket(long id, string title, DateTimeOffset updatedAt) =>
        new(id, title, updatedAt, new Person("user" + id, id % 2 == 0 ? null : $"u{id}@example.com"), [new TicketTag("bug", "d73a4a"), new TicketTag("p" + id, null)]);

    [Fact]
    public void SourceFactoryGroupsTheResourcesWithTheirHints()
    {
        var feed = new TicketFeed();
        var source = Tracker.Source(feed);

        Assert.Equal("tracker", source.Name);
        Assert.Equal(["tickets", "tags"], source.Resources.Select(r => r.Name));
        Assert.All(source.Resources, r => Assert.Equal("tracker", r.SourceName));

        var tickets = source.Resources[0];
        Assert.Equal(WriteDispositionKind.Merge, tickets.Hints.WriteDisposition!.Kind);
        Assert.Null(tickets.Hints.WriteDisposition.Strategy);
        Assert.Equal(["Id"], tickets.Hints.PrimaryKey!);
        var cursor = Assert.IsType<Incremental<DateTimeOffset>>(tickets.Incremental);
        Assert.Equal("UpdatedAt", cursor.CursorPath);
        Assert.Equal(Jan1, cursor.InitialValue);

        Assert.Equal(
            ["id bigint False", "title text False", "updated_at timestamp False", "reporter__login text False", "reporter__email text True"],
            tickets.Hints.Columns.Select(c => $"{c.Name} {c.DataType!.Value.ToDltName()} {c.IsNullable}"));
        var tags = Assert.Single(tickets.Hints.NestedHints);
        Assert.Equal(["tags"], tags.Path);
        Assert.Equal(["name", "color"], tags.Columns.Select(c => c.Name));

        Assert.Equal(WriteDispositionKind.Replace, source.Resources[1].Hints.WriteDisposition!.Kind);
        Assert.Null(source.Resources[1].Incremental);
        Assert.Equal(["name", "color"], source.Resources[1].Hints.Columns.Select(c => c.Name));
    }

    [Fact]
    public void IncrementalCursorIsPassedToTheMethodAndFiltersRowsAcrossRuns()
    {
        var database = Path.Combine(_dir, "tracker.duckdb");
        var pipeline = Dlt.Pipeline("tracker_pipeline", new DuckDbDestination(database), "tracker_data", pipelinesDir: Path.Combine(_dir, "pipelines"));
        var feed = new TicketFeed
        {
            Tickets = [NewTicket(1, "one", Jan1.AddDays(1)), NewTicket(2, "two", Jan1.AddDays(2)), NewTicket(3, "old", Jan1.AddDays(-5))],
            Tags = [new TicketTag("bug", "d73a4a")],
        };
        var source = Tracker.Source(feed);
        pipeline.Run(source);

        var (cursor, start) = Assert.Single(feed.Calls);
        Assert.Same(source.Resources[0].Incremental, cursor);
        Assert.Equal(Jan1, start);
        Assert.Equal(Jan1.AddDays(2), cursor.Last);
        Assert.Equal(["1 one", "2 two"], Query(database, "SELECT id || ' ' || title FROM tracker_data.tickets ORDER BY id"));

        // the second run starts at the stored cursor: only new or updated tickets pass, and merge updates them in place
        feed.Tickets = [NewTicket(1, "one", Jan1.AddDays(1)), NewTicket(2, "two (edited)", Jan1.AddDays(3)), NewTicket(4, "four", Jan1.AddDays(4))];
        pipeline.Run(Tracker.Source(feed));
        Assert.Equal(Jan1.AddDays(2), feed.Calls[1].Start);
        Assert.Equal(["1 one", "2 two (edited)", "4 four"], Query(database, "SELECT id || ' ' || title FROM tracker_data.tickets ORDER BY id"));
        Assert.Equal(["d73a4a", "d73a4a", "d73a4a"], Query(database, "SELECT color FROM tracker_data.tickets__tags WHERE name = 'bug' ORDER BY _dlt_parent_id"));
        Assert.Equal(["NO", "YES", "NO"],
            Query(database, "SELECT is_nullable FROM information_schema.columns WHERE table_schema = 'tracker_data' AND table_name = 'tickets' AND column_name IN ('id', 'title', 'reporter__email') ORDER BY column_name"));
    }

    [Fact]
    public void FactoryTakesACursorThatOverridesTheAttribute()
    {
        var feed = new TicketFeed { Tickets = [NewTicket(1, "old", Jan1.AddDays(1)), NewTicket(2, "new", Jan1.AddDays(10))] };
        var cursor = new Incremental<DateTimeOffset>("UpdatedAt", initialValue: Jan1.AddDays(5));
        var resource = Tracker.TicketsResource(feed, cursor);
        Assert.Same(cursor, resource.Incremental);

        var database = Path.Combine(_dir, "override.duckdb");
        Dlt.Pipeline("override_pipeline", new DuckDbDestination(database), "data", pipelinesDir: Path.Combine(_dir, "pipelines")).Run(resource);
        Assert.Same(cursor, feed.Calls.Single().Cursor);
        Assert.Equal(["2"], Query(database, "SELECT id FROM data.tickets"));
    }

    [Fact]
    public void NullInANonNullableMemberFailsTheLoadNamingTheColumn()
    {
        var feed = new TicketFeed { Tickets = [NewTicket(1, null!, Jan1.AddDays(1))] };
        var database = Path.Combine(_dir, "nulls.duckdb");
        var pipeline = Dlt.Pipeline("nulls_pipeline", new DuckDbDestination(database), "data", pipelinesDir: Path.Combine(_dir, "pipelines"));
        var error = Assert.Throws<PipelineStepFailedException>(() => pipeline.Run(Tracker.TicketsResource(feed)));
        Assert.Contains("`title`", Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public void GeneratedColumnNamesAreTheRuntimeNames()
    {
        var row = new Tricky(200, "u", "ä", "s", "p", "l", "t", 3, "c", "x");
        var keys = ((DltObject)ItemConverter.ToValue(row)!).Select(kv => kv.Key).ToList();
        Assert.Equal(["HTTPStatus", "userID", "ÄpfelCount", "  Spaced Name ", "a__B", "_leading", "Trailing_", "X2Y", "CamelCASEThing", "ümlaut-Key+1"], keys);
        Assert.Equal(keys.Select(NamingConvention.SnakeCase.NormalizePath), TrickyDltTable.Schema.Root.Columns.Select(c => c.Name));
        Assert.Equal(["http_status", "user_id", "_pfel_count", "spaced_name", "a__b", "_leading", "trailingx", "x2_y", "camel_case_thing", "_mlaut_keyx1"],
            TrickyDltTable.Schema.Root.Columns.Select(c => c.Name));

        var database = Path.Combine(_dir, "tricky.duckdb");
        Dlt.Pipeline("tricky_pipeline", new DuckDbDestination(database), "data", pipelinesDir: Path.Combine(_dir, "pipelines")).Run(TrickyResources.RowsResource([row]));
        Assert.Equal(TrickyDltTable.Schema.Root.Columns.Select(c => c.Name).Concat(["_dlt_load_id", "_dlt_id"]),
            Query(database, "SELECT column_name FROM information_schema.columns WHERE table_schema = 'data' AND table_name = 'tricky' ORDER BY ordinal_position"));
    }

    [Fact]
    public void GeneratedConvertersProduceWhatTheReflectionFallbackProduces()
    {
        object[] rows =
        [
            NewTicket(7, "seven", Jan1),
            new Tricky(1, "a", "b", "c", "d", "e", "f", 2, "g", "h"),
            new Types033(1, 1.5, true, "s", -7, 0.0),
            new Deep025(1, new L1025(new L2025(new L3025(new L4025("deep")))), [new A025([new B025([7])])]),
        ];
        foreach (var row in rows)
        {
            var generated = ItemConverter.ToValue(row);
            var reflected = ReflectionFallback.ToObject(row, "$");
            Assert.Equal(Canonical(reflected), Canonical(generated));
        }
    }

    [Fact]
    public void RowTypesAreRegisteredForAsyncStreams()
    {
        async IAsyncEnumerable<Ticket> Stream()
        {
            await Task.Yield();
            yield return NewTicket(1, "one", Jan1);
        }
        var database = Path.Combine(_dir, "async.duckdb");
        var info = Dlt.Pipeline("async_pipeline", new DuckDbDestination(database), "data", pipelinesDir: Path.Combine(_dir, "pipelines"))
            .Run(Stream(), tableName: "streamed");
        Assert.NotNull(info);
        Assert.Equal(["one"], Query(database, "SELECT title FROM data.streamed"));
        Assert.Equal(["bug", "p1"], Query(database, "SELECT name FROM data.streamed__tags ORDER BY _dlt_list_idx"));
    }

    [Fact]
    public void RowClassResourceFactoryLoadsPlainCollections()
    {
        var database = Path.Combine(_dir, "rows.duckdb");
        var resource = TicketDltTable.Resource([NewTicket(5, "five", Jan1)]);
        Assert.Equal("ticket", resource.Name);
        Dlt.Pipeline("rows_pipeline", new DuckDbDestination(database), "data", pipelinesDir: Path.Combine(_dir, "pipelines")).Run(resource);
        Assert.Equal(["5 five"], Query(database, "SELECT id || ' ' || title FROM data.ticket"));
    }

    private static string Canonical(object? value)
    {
        var sb = new StringBuilder();
        void Write(object? v)
        {
            switch (v)
            {
                case DltObject o:
                    sb.Append('{');
                    foreach (var (k, x) in o) { sb.Append(k).Append(':'); Write(x); sb.Append(','); }
                    sb.Append('}');
                    break;
                case List<object?> l:
                    sb.Append('[');
                    foreach (var x in l) { Write(x); sb.Append(','); }
                    sb.Append(']');
                    break;
                case null: sb.Append("null"); break;
                default: sb.Append(v.GetType().Name).Append(' ').Append(Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)); break;
            }
        }
        Write(value);
        return sb.ToString();
    }

    private static string Flatten(Exception e)
    {
        var sb = new StringBuilder();
        for (Exception? x = e; x is not null; x = x.InnerException) sb.AppendLine(x.Message);
        return sb.ToString();
    }

    private static List<string> Query(string database, string sql)
    {
        using var connection = new DuckDBConnection($"Data Source={database};ACCESS_MODE=READ_ONLY");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var result = new List<string>();
        while (reader.Read()) result.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        return result;
    }
}
