using System.Data.Common;
using DltNet.Destinations;
using DltNet.Destinations.DuckDb;
using DltNet.Destinations.Postgres;
using DuckDB.NET.Data;
using Npgsql;

namespace DltNet.Acceptance;

/// <summary>
/// A destination the acceptance cases run against. It gives every case a fresh destination and dataset and reads the
/// dataset back in one shape (dlt type names, timestamps as epoch microseconds, date/time/decimal/json as text, binary as
/// base64) so that the same expectations check every destination.
/// </summary>
public abstract class AcceptanceTarget
{
    /// <summary>Environment variable that selects the destination when no <c>--destination</c> is given.</summary>
    public const string DestinationVariable = "DLT_ACCEPTANCE_DESTINATION";
    /// <summary>Environment variable that opts out of the PostgreSQL runs explicitly.</summary>
    public const string SkipPostgresVariable = "DLT_SKIP_POSTGRES";

    /// <summary>Destination name (<c>duckdb</c>, <c>postgres</c>).</summary>
    public abstract string Name { get; }

    /// <summary>A fresh destination and dataset for one case; disposing it removes what the case created.</summary>
    public abstract CaseDatabase CreateCase(string caseName, string workDir);

    /// <summary>DuckDB: a new database file per case.</summary>
    public static AcceptanceTarget DuckDb { get; } = new DuckDbAcceptanceTarget();

    /// <summary>The target of a destination name.</summary>
    /// <exception cref="InvalidOperationException">for PostgreSQL without <c>DESTINATION__POSTGRES__CREDENTIALS</c>.</exception>
    public static AcceptanceTarget FromName(string name) => name.Trim().ToLowerInvariant() switch
    {
        "duckdb" => DuckDb,
        "postgres" or "postgresql" => PostgresAcceptanceTarget.FromEnvironment(),
        _ => throw new ArgumentException($"Unknown acceptance destination `{name}`; use duckdb or postgres.", nameof(name)),
    };

    /// <summary>Why PostgreSQL runs are skipped (<c>DLT_SKIP_POSTGRES=1</c>), or null when they must run.</summary>
    public static string? PostgresSkipReason() =>
        Environment.GetEnvironmentVariable(SkipPostgresVariable) == "1"
            ? $"{SkipPostgresVariable}=1: PostgreSQL tests skipped on request"
            : null;
}

/// <summary>The destination and dataset of one case.</summary>
public abstract class CaseDatabase : IDisposable
{
    /// <summary>Destination the case's pipeline loads into.</summary>
    public abstract Destination Destination { get; }
    /// <summary>Dataset the case's pipeline loads into.</summary>
    public abstract string DatasetName { get; }
    /// <summary>A reader of the dataset, or null when the destination holds nothing yet (no database file, no schema).</summary>
    public abstract CaseReader? OpenReader();
    /// <inheritdoc />
    public virtual void Dispose() => GC.SuppressFinalize(this);
}

/// <summary>Reads a case's dataset in the runner's common shape.</summary>
public abstract class CaseReader(DbConnection connection, string dataset) : IDisposable
{
    /// <summary>Open connection.</summary>
    protected DbConnection Connection { get; } = connection;
    /// <summary>Dataset being read.</summary>
    protected string Dataset { get; } = dataset;

    /// <summary>Destination type name of each dlt type, for messages.</summary>
    public abstract string DestinationTypeOf(string dltType);
    /// <summary>The dlt type of a destination type name from information_schema.</summary>
    public abstract string DltTypeOf(string destinationType);
    /// <summary>Expression reading a column in the common shape.</summary>
    protected abstract string ReadExpression(string quotedColumn, string dltType);

    /// <summary>Columns (name, destination type) of every table of the dataset, in column order.</summary>
    public Dictionary<string, List<(string Name, string Type)>> Columns()
    {
        var columnsByTable = new Dictionary<string, List<(string Name, string Type)>>(StringComparer.Ordinal);
        using var cmd = Connection.CreateCommand();
        cmd.CommandText = $"SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = '{Dataset}' ORDER BY table_name, ordinal_position";
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            if (!columnsByTable.TryGetValue(r.GetString(0), out var list)) columnsByTable[r.GetString(0)] = list = [];
            list.Add((r.GetString(1), r.GetString(2)));
        }
        return columnsByTable;
    }

    /// <summary>All rows of a table, values in the common shape.</summary>
    public List<Dictionary<string, object?>> ReadRows(string table, List<(string Name, string Type)> cols)
    {
        var exprs = cols.Select(c => ReadExpression("\"" + c.Name.Replace("\"", "\"\"") + "\"", DltTypeOf(c.Type)));
        using var cmd = Connection.CreateCommand();
        cmd.CommandText = $"SELECT {string.Join(", ", exprs)} FROM \"{Dataset}\".\"{table}\"";
        using var r = cmd.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (r.Read())
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < cols.Count; i++) row[cols[i].Name] = r.IsDBNull(i) ? null : r.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Connection.Dispose();
        GC.SuppressFinalize(this);
    }
}

internal sealed class DuckDbAcceptanceTarget : AcceptanceTarget
{
    public override string Name => "duckdb";

    public override CaseDatabase CreateCase(string caseName, string workDir) => new DuckDbCase(Path.Combine(workDir, "acc.duckdb"));

    private sealed class DuckDbCase(string dbPath) : CaseDatabase
    {
        public override Destination Destination { get; } = new DuckDbDestination(dbPath);
        public override string DatasetName => "acc_data";

        public override CaseReader? OpenReader()
        {
            if (!File.Exists(dbPath)) return null;
            var conn = new DuckDBConnection($"Data Source={dbPath};ACCESS_MODE=READ_ONLY");
            conn.Open();
            return new DuckDbReader(conn, DatasetName);
        }
    }

    private sealed class DuckDbReader(DbConnection connection, string dataset) : CaseReader(connection, dataset)
    {
        private static readonly Dictionary<string, string> DuckTypes = new()
        {
            ["bigint"] = "BIGINT", ["double"] = "DOUBLE", ["bool"] = "BOOLEAN", ["text"] = "VARCHAR",
            ["timestamp"] = "TIMESTAMP WITH TIME ZONE", ["date"] = "DATE", ["time"] = "TIME",
            ["decimal"] = "DECIMAL", ["json"] = "JSON", ["binary"] = "BLOB", ["wei"] = "DECIMAL",
        };

        public override string DestinationTypeOf(string dltType) => DuckTypes.GetValueOrDefault(dltType) ?? "";

        public override string DltTypeOf(string duckType) => duckType switch
        {
            "BIGINT" => "bigint", "DOUBLE" => "double", "BOOLEAN" => "bool", "VARCHAR" => "text",
            "TIMESTAMP WITH TIME ZONE" => "timestamp", "DATE" => "date", "TIME" => "time", "JSON" => "json", "BLOB" => "binary",
            _ when duckType.StartsWith("DECIMAL", StringComparison.Ordinal) => "decimal",
            _ => duckType.ToLowerInvariant(),
        };

        protected override string ReadExpression(string q, string dltType) => dltType switch
        {
            "timestamp" => $"epoch_us({q})",
            "date" or "time" or "decimal" or "json" => $"CAST({q} AS VARCHAR)",
            "binary" => $"to_base64({q})",
            _ => q,
        };
    }
}

/// <summary>PostgreSQL from <c>DESTINATION__POSTGRES__CREDENTIALS</c>: one schema per case (<c>acc_&lt;case number&gt;_&lt;random&gt;</c>), dropped after.</summary>
public sealed class PostgresAcceptanceTarget : AcceptanceTarget
{
    private readonly PostgresCredentials _credentials;

    private PostgresAcceptanceTarget(PostgresCredentials credentials) => _credentials = credentials;

    /// <inheritdoc />
    public override string Name => "postgres";

    /// <summary>The server the variable points at.</summary>
    /// <exception cref="InvalidOperationException">when the variable is not set.</exception>
    public static PostgresAcceptanceTarget FromEnvironment()
    {
        var url = Environment.GetEnvironmentVariable(PostgresCredentials.EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(url))
            throw new InvalidOperationException(
                $"{PostgresCredentials.EnvironmentVariable} is not set, so the PostgreSQL acceptance run has no server. " +
                "Start one with `source .ci/postgres.sh start` (or `bash .ci/postgres.sh run -- <command>`), " +
                $"or set {SkipPostgresVariable}=1 to skip the PostgreSQL tests explicitly.");
        return new PostgresAcceptanceTarget(PostgresCredentials.Parse(url));
    }

    /// <inheritdoc />
    public override CaseDatabase CreateCase(string caseName, string workDir)
    {
        var number = new string(caseName.TakeWhile(char.IsAsciiDigit).ToArray());
        var dataset = $"acc_{(number.Length > 0 ? number : "case")}_{Guid.NewGuid().ToString("N")[..8]}";
        return new PostgresCase(_credentials, dataset);
    }

    private sealed class PostgresCase(PostgresCredentials credentials, string dataset) : CaseDatabase
    {
        public override Destination Destination { get; } = new PostgresDestination(credentials);
        public override string DatasetName => dataset;

        private NpgsqlConnection Open()
        {
            var conn = new NpgsqlConnection(credentials.ToNpgsqlConnectionString());
            conn.Open();
            return conn;
        }

        public override CaseReader? OpenReader()
        {
            var conn = Open();
            using (var cmd = conn.CreateCommand())
            {
                cmd.CommandText = $"SELECT 1 FROM information_schema.schemata WHERE schema_name = '{dataset}'";
                if (cmd.ExecuteScalar() is null)
                {
                    conn.Dispose();
                    return null;
                }
            }
            return new PostgresReader(conn, dataset);
        }

        public override void Dispose()
        {
            using var conn = Open();
            using var cmd = conn.CreateCommand();
            cmd.CommandText = $"DROP SCHEMA IF EXISTS \"{dataset}\" CASCADE; DROP SCHEMA IF EXISTS \"{dataset}_staging\" CASCADE";
            cmd.ExecuteNonQuery();
            base.Dispose();
        }
    }

    private sealed class PostgresReader(DbConnection connection, string dataset) : CaseReader(connection, dataset)
    {
        private static readonly Dictionary<string, string> PgTypes = new()
        {
            ["bigint"] = "bigint", ["double"] = "double precision", ["bool"] = "boolean", ["text"] = "character varying",
            ["timestamp"] = "timestamp with time zone", ["date"] = "date", ["time"] = "time without time zone",
            ["decimal"] = "numeric", ["json"] = "jsonb", ["binary"] = "bytea", ["wei"] = "numeric",
        };

        public override string DestinationTypeOf(string dltType) => PgTypes.GetValueOrDefault(dltType) ?? "";

        public override string DltTypeOf(string pgType) => pgType switch
        {
            "bigint" or "integer" or "smallint" => "bigint",
            "double precision" => "double",
            "boolean" => "bool",
            "character varying" or "text" => "text",
            "timestamp with time zone" or "timestamp without time zone" => "timestamp",
            "date" => "date",
            "time without time zone" => "time",
            "numeric" => "decimal",
            "jsonb" or "json" => "json",
            "bytea" => "binary",
            _ => pgType,
        };

        protected override string ReadExpression(string q, string dltType) => dltType switch
        {
            "timestamp" => $"CAST(EXTRACT(EPOCH FROM {q}) * 1000000 AS bigint)",
            "date" => $"to_char({q}, 'YYYY-MM-DD')",
            "time" or "decimal" or "json" => $"CAST({q} AS text)",
            // PostgreSQL's base64 breaks lines every 76 characters
            "binary" => $"replace(encode({q}, 'base64'), E'\\n', '')",
            _ => q,
        };
    }
}
