using System.Globalization;
using System.Text.Json.Nodes;
using DltNet.Destinations.Postgres;
using DltNet.Extract;
using Npgsql;
using Xunit.Abstractions;

namespace DltNet.Postgres.Tests;

/// <summary>
/// A test's corner of the server from <c>DESTINATION__POSTGRES__CREDENTIALS</c> (start one with <c>source .ci/postgres.sh start</c>):
/// schemas named with a unique prefix and a pipelines folder, both removed on dispose.
/// Without the variable the test fails and says how to get a server; with <c>DLT_SKIP_POSTGRES=1</c> set explicitly,
/// <see cref="Create"/> returns null after writing the skip reason, and the test returns (xunit 2 has no dynamic skip).
/// </summary>
internal sealed class PgScratch : IDisposable
{
    private PgScratch(PostgresCredentials credentials)
    {
        Credentials = credentials;
        Prefix = "t" + Guid.NewGuid().ToString("N")[..10];
        PipelinesDir = Path.Combine(Path.GetTempPath(), "dlt-pg-tests", Prefix);
        Directory.CreateDirectory(PipelinesDir);
    }

    public PostgresCredentials Credentials { get; }
    /// <summary>Every schema this test creates starts with it.</summary>
    public string Prefix { get; }
    public string PipelinesDir { get; }
    public string Dataset => Prefix + "_ds";

    public static PgScratch? Create(ITestOutputHelper output)
    {
        if (Environment.GetEnvironmentVariable("DLT_SKIP_POSTGRES") == "1")
        {
            output.WriteLine("SKIPPED: DLT_SKIP_POSTGRES=1, PostgreSQL tests skipped on request");
            return null;
        }
        var url = Environment.GetEnvironmentVariable(PostgresCredentials.EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(url))
            throw new InvalidOperationException(
                $"{PostgresCredentials.EnvironmentVariable} is not set: these tests need a PostgreSQL server. " +
                "Start a throwaway one with `source .ci/postgres.sh start` (stop it with `bash .ci/postgres.sh stop`), " +
                "or run `bash .ci/postgres.sh run -- dotnet test tests/Dlt.Postgres.Tests`; set DLT_SKIP_POSTGRES=1 to skip explicitly.");
        return new PgScratch(PostgresCredentials.Parse(url));
    }

    public PostgresDestination Destination(int connectAttempts = 4) => new(Credentials) { ConnectAttempts = connectAttempts };

    public Pipeline Pipeline(string name = "pg_test", string? dataset = null) =>
        Dlt.Pipeline(name, Destination(), dataset ?? Dataset, PipelinesDir);

    /// <summary>Items of a JSON array, as the acceptance runner feeds them.</summary>
    public static List<object?> Json(string json) => JsonNode.Parse(json)!.AsArray().Select(x => (object?)x?.DeepClone()).ToList();

    public static DltResource Items(string json, string name = "items", Incremental? incremental = null) =>
        Dlt.Resource(Json(json), name, incremental: incremental);

    public NpgsqlConnection Open()
    {
        var c = new NpgsqlConnection(Credentials.ToNpgsqlConnectionString());
        c.Open();
        return c;
    }

    /// <summary>Rows of a query, each as "v1|v2|..." (NULL as ∅), in the query's order.</summary>
    public List<string> Rows(string sql)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var rows = new List<string>();
        while (r.Read())
        {
            var parts = new string[r.FieldCount];
            for (var i = 0; i < parts.Length; i++)
                parts[i] = r.IsDBNull(i) ? "∅" : Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture) ?? "";
            rows.Add(string.Join("|", parts));
        }
        return rows;
    }

    public long Count(string qualifiedTable) => long.Parse(Rows($"SELECT count(*) FROM {qualifiedTable}")[0], CultureInfo.InvariantCulture);

    public string T(string table, string? dataset = null) => $"\"{dataset ?? Dataset}\".\"{table}\"";

    public void Dispose()
    {
        try
        {
            using var c = Open();
            var schemas = new List<string>();
            using (var cmd = c.CreateCommand())
            {
                cmd.CommandText = $"SELECT nspname FROM pg_namespace WHERE nspname LIKE '{Prefix}%'";
                using var r = cmd.ExecuteReader();
                while (r.Read()) schemas.Add(r.GetString(0));
            }
            foreach (var s in schemas)
            {
                using var drop = c.CreateCommand();
                drop.CommandText = $"DROP SCHEMA IF EXISTS \"{s}\" CASCADE";
                drop.ExecuteNonQuery();
            }
        }
        finally
        {
            try { Directory.Delete(PipelinesDir, recursive: true); } catch (IOException) { }
        }
    }
}
