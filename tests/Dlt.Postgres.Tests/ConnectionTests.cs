using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DltNet.Destinations.Postgres;
using DltNet.Schema;
using Xunit;
using Xunit.Abstractions;

namespace DltNet.Postgres.Tests;

/// <summary>Connecting, retrying, and keeping the password out of everything the library produces.</summary>
public sealed class ConnectionTests(ITestOutputHelper output)
{
    private static PostgresCredentials With(PostgresCredentials c, string? password = null, int? port = null) => new()
    {
        Host = c.Host, Port = port ?? c.Port, Database = c.Database, Username = c.Username, Password = password ?? c.Password,
        ConnectTimeout = 5,
    };

    private static string FullText(Exception e) => e.ToString();

    [Fact]
    public void Wrong_password_fails_at_once_without_showing_any_password()
    {
        using var pg = PgScratch.Create(output);
        if (pg is null) return;
        var wrong = "wrong-" + Guid.NewGuid().ToString("N");
        var destination = new PostgresDestination(With(pg.Credentials, password: wrong)) { ConnectAttempts = 4, RetryDelay = TimeSpan.FromSeconds(5) };
        var pipeline = Dlt.Pipeline("pg_wrong_pw", destination, pg.Dataset, pg.PipelinesDir);
        var sw = Stopwatch.StartNew();
        var e = Assert.Throws<PipelineStepFailedException>(() => pipeline.Run(PgScratch.Items("""[{"id": 1}]"""), tableName: "items"));
        sw.Stop();
        var inner = Assert.IsType<PostgresDestinationException>(e.InnerException);
        Assert.Equal("28P01", inner.SqlState);
        Assert.True(inner.IsTerminal);
        Assert.Contains("after 1 attempt:", inner.Message);                  // authentication errors are not retried
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"took {sw.Elapsed}");
        Assert.Contains($"postgresql://{pg.Credentials.Username}:***@", inner.Message);
        Assert.Contains("Check the username and password", inner.Message);
        Assert.DoesNotContain(wrong, FullText(e));
        Assert.DoesNotContain(pg.Credentials.Password!, FullText(e));
        Assert.DoesNotContain(wrong, string.Join("\n", Directory.EnumerateFiles(pg.PipelinesDir, "*", SearchOption.AllDirectories).Select(File.ReadAllText)));
    }

    [Fact]
    public void Refused_connections_are_retried_with_backoff_and_reported_as_transient()
    {
        using var pg = PgScratch.Create(output);
        if (pg is null) return;
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var destination = new PostgresDestination(With(pg.Credentials, port: closedPort)) { ConnectAttempts = 3, RetryDelay = TimeSpan.FromMilliseconds(100) };
        var sw = Stopwatch.StartNew();
        var e = Assert.Throws<PostgresDestinationException>(() => destination.OpenConnectionAsync().GetAwaiter().GetResult());
        sw.Stop();
        Assert.False(e.IsTerminal);
        Assert.Equal("DatabaseTransientException", e.ErrorCode);
        Assert.Contains("after 3 attempts", e.Message);
        Assert.Contains("Is the server running", e.Message);
        Assert.True(sw.Elapsed >= TimeSpan.FromMilliseconds(300), $"backoff 100 ms + 200 ms expected, took {sw.Elapsed}");
        Assert.DoesNotContain(pg.Credentials.Password!, FullText(e));

        // through a pipeline: the sync step fails, nothing is lost, the message names the server without the password
        var pipeline = Dlt.Pipeline("pg_refused", destination, pg.Dataset, pg.PipelinesDir);
        var run = Assert.Throws<PipelineStepFailedException>(() => pipeline.Run(PgScratch.Items("""[{"id": 1}]"""), tableName: "items"));
        Assert.Equal("sync", run.Step);
        Assert.False(run.IsTerminal);
        Assert.DoesNotContain(pg.Credentials.Password!, FullText(run));
    }

    [Fact]
    public void Load_info_trace_and_working_folder_never_hold_the_password()
    {
        using var pg = PgScratch.Create(output);
        if (pg is null) return;
        var pipeline = pg.Pipeline("pg_no_secrets");
        var info = pipeline.Run(PgScratch.Items("""[{"id": 1, "name": "a"}]"""), tableName: "items");
        var password = pg.Credentials.Password!;
        Assert.False(string.IsNullOrEmpty(password), "the test server should use password authentication");
        Assert.Equal(pg.Credentials.Displayable, info.DestinationDisplayableCredentials);
        Assert.Contains(":***@", info.DestinationDisplayableCredentials);
        Assert.DoesNotContain(password, info.ToString());
        Assert.DoesNotContain(password, info.AsString(2));
        Assert.DoesNotContain(password, info.ToJson().ToJsonString());
        foreach (var file in Directory.EnumerateFiles(pipeline.WorkingDir, "*", SearchOption.AllDirectories))
            Assert.DoesNotContain(password, File.ReadAllText(file));
        Assert.Equal(1, pg.Count(pg.T("items")));
    }

    [Fact]
    public void Terminal_server_errors_name_the_table_and_the_server_message()
    {
        using var pg = PgScratch.Create(output);
        if (pg is null) return;
        var pipeline = pg.Pipeline("pg_terminal");
        var columns = new[] { new ColumnSchema("code", DltDataType.Text) { Precision = 3 } };
        pipeline.Run(PgScratch.Items("""[{"id": 1, "code": "abc"}]"""), tableName: "codes", columns: columns);
        var e = Assert.Throws<PipelineStepFailedException>(() =>
            pipeline.Run(PgScratch.Items("""[{"id": 2, "code": "toolong"}]"""), tableName: "codes", columns: columns));
        Assert.Equal("load", e.Step);
        Assert.True(e.IsTerminal);
        var pgError = FindInChain<PostgresDestinationException>(e);
        Assert.True(pgError.IsTerminal);
        Assert.Equal("22001", pgError.SqlState);
        Assert.Contains(pg.T("codes"), pgError.Message);
        Assert.Contains("value too long for type character varying(3)", pgError.Message);
        Assert.Contains("value too long", e.Message);
        Assert.DoesNotContain(pg.Credentials.Password!, FullText(e));
        // the failed package changed nothing
        Assert.Equal(["1|abc"], pg.Rows($"SELECT id, code FROM {pg.T("codes")} ORDER BY id"));
        Assert.Equal(1, pg.Count(pg.T("_dlt_loads")));
    }

    [Fact]
    public void Failed_statements_report_the_table_the_sqlstate_and_the_statement()
    {
        using var pg = PgScratch.Create(output);
        if (pg is null) return;
        // a view where the pipeline expects a table: adding a column to it fails on the server
        using (var c = pg.Open())
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = $"CREATE SCHEMA \"{pg.Dataset}\"; CREATE VIEW {pg.T("items")} AS SELECT 1::bigint AS id";
            cmd.ExecuteNonQuery();
        }
        var pipeline = pg.Pipeline("pg_statement_error");
        var e = Assert.Throws<PipelineStepFailedException>(() => pipeline.Run(PgScratch.Items("""[{"id": 1, "name": "a"}]"""), tableName: "items"));
        var pgError = FindInChain<PostgresDestinationException>(e);
        Assert.True(pgError.IsTerminal);
        Assert.Equal("DatabaseTerminalException", pgError.ErrorCode);
        Assert.Equal(pg.T("items"), pgError.TableName);
        Assert.Contains($"PostgreSQL statement on table {pg.T("items")} failed:", pgError.Message);
        Assert.Contains("(SQLSTATE 42809)", pgError.Message);
        Assert.Contains("ALTER TABLE", pgError.Message);
        Assert.DoesNotContain(pg.Credentials.Password!, FullText(e));
        Assert.Empty(pg.Rows($"SELECT 1 FROM information_schema.tables WHERE table_schema = '{pg.Dataset}' AND table_name LIKE '\\_dlt%'"));
    }

    internal static T FindInChain<T>(Exception e) where T : Exception
    {
        for (var x = e; x is not null; x = x.InnerException)
            if (x is T t) return t;
        throw new Xunit.Sdk.XunitException($"no {typeof(T).Name} in the cause chain of {e}");
    }
}
