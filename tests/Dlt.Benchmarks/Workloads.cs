using System.Diagnostics;
using System.Text.Json;
using DltNet.Destinations.DuckDb;
using DuckDB.NET.Data;

namespace DltNet.Benchmarks;

/// <summary>One measured run: rows/s for the whole run and per phase, allocations, peak working set, and the raw baseline.</summary>
public sealed record Result(string Workload, long Rows, double Seconds, double ExtractSeconds, double NormalizeSeconds, double LoadSeconds,
    long AllocatedBytes, long PeakWorkingSet, double GcPauseMilliseconds = 0, string? Baseline = null, double? BaselineSeconds = null, long? BaselineRows = null, int Runs = 1,
    double? ServerCpuSeconds = null, double? BaselineServerCpuSeconds = null)
{
    public double RowsPerSecond => Rows / Seconds;
    public double? BaselineRowsPerSecond => BaselineSeconds is { } s ? (BaselineRows ?? Rows) / s : null;
    public double? Ratio => BaselineRowsPerSecond is { } b ? RowsPerSecond / b : null;
}

/// <summary>The standard workloads (issue: benchmarks and speed). Each runs end to end through the pipeline into a fresh DuckDB file.</summary>
public static class Workloads
{
    public static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static IEnumerable<Dictionary<string, object?>> FlatDictionaries(long n)
    {
        for (long i = 0; i < n; i++)
            yield return new Dictionary<string, object?>
            {
                ["id"] = i, ["name"] = "name_" + i, ["value"] = i * 0.25, ["updated_at"] = Epoch.AddSeconds(i), ["active"] = (i & 1) == 0,
            };
    }

    public static IEnumerable<Dictionary<string, object?>> NestedDictionaries(long n)
    {
        for (long i = 0; i < n; i++)
        {
            var children = new Dictionary<string, object?>[5];
            for (var c = 0; c < 5; c++) children[c] = new Dictionary<string, object?> { ["line"] = c, ["sku"] = $"sku_{i % 1000}_{c}", ["qty"] = c + 1 };
            yield return new Dictionary<string, object?>
            {
                ["id"] = i, ["name"] = "order_" + i,
                ["customer"] = new Dictionary<string, object?> { ["country"] = i % 2 == 0 ? "DE" : "US", ["tier"] = i % 5 },
                ["lines"] = children,
            };
        }
    }

    public static string WriteJsonLines(string dir, long n)
    {
        var path = Path.Combine(dir, "flat.jsonl");
        using var fs = new FileStream(path, FileMode.Create);
        var newline = "\n"u8.ToArray();
        foreach (var row in FlatDictionaries(n))
        {
            using (var w = new Utf8JsonWriter(fs))
            {
                w.WriteStartObject();
                w.WriteNumber("id", (long)row["id"]!);
                w.WriteString("name", (string)row["name"]!);
                w.WriteNumber("value", (double)row["value"]!);
                w.WriteString("updated_at", ((DateTimeOffset)row["updated_at"]!).ToString("O"));
                w.WriteBoolean("active", (bool)row["active"]!);
                w.WriteEndObject();
            }
            fs.Write(newline);
        }
        return path;
    }

    /// <summary>
    /// One <see cref="Pipeline.RunAsync"/>, as a user calls it (typed append rows are copied into the destination while
    /// extract runs); the phases are timed by the pipeline's trace.
    /// </summary>
    public static async Task<Result> MeasureAsync(string workload, Pipeline pipeline, object data, long rows, string? tableName = null,
        Schema.WriteDisposition? writeDisposition = null, KeyList? primaryKey = null)
    {
        Settle();
        var allocated = GC.GetTotalAllocatedBytes(true);
        var paused = GC.GetTotalPauseDuration();
        var sw = Stopwatch.StartNew();
        var info = await pipeline.RunAsync(data, tableName: tableName, writeDisposition: writeDisposition, primaryKey: primaryKey);
        var seconds = sw.Elapsed.TotalSeconds;
        if (info.HasFailedJobs) throw new InvalidOperationException(info.ToString());
        var trace = pipeline.LastTrace!;
        Console.WriteLine($"{workload}: {seconds:F2} s, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:N0} MB (managed heap now {GC.GetGCMemoryInfo().HeapSizeBytes / 1e6:N0} MB, largest committed {GC.GetGCMemoryInfo(GCKind.Any).TotalCommittedBytes / 1e6:N0} MB)");
        return new Result(workload, rows, seconds, trace["extract"]!.Duration.TotalSeconds, trace["normalize"]!.Duration.TotalSeconds, trace["load"]!.Duration.TotalSeconds,
            GC.GetTotalAllocatedBytes(true) - allocated, Process.GetCurrentProcess().PeakWorkingSet64, (GC.GetTotalPauseDuration() - paused).TotalMilliseconds);
    }

    /// <summary>
    /// Lets the process go quiet before a timed part: a full collection, finalizers, and a pause in which the runtime's
    /// background work from the part before (tier-1 JIT of the methods it ran hot, GC threads) ends instead of running
    /// beside the next measurement. Pipeline and baselines alike start after it.
    /// </summary>
    public static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Thread.Sleep(250);
    }

    /// <summary>The baseline: the same flat rows through the DuckDB.NET appender into an equivalent table.</summary>
    public static double RawAppender(string database, long n)
    {
        using var c = new DuckDBConnection($"Data Source={database}");
        c.Open();
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "CREATE TABLE raw_flat (id BIGINT, name VARCHAR, value DOUBLE, updated_at TIMESTAMP WITH TIME ZONE, active BOOLEAN)";
            cmd.ExecuteNonQuery();
        }
        Settle();
        var sw = Stopwatch.StartNew();
        using (var appender = c.CreateAppender("raw_flat"))
        {
            foreach (var row in FlatDictionaries(n))
            {
                appender.CreateRow()
                    .AppendValue((long)row["id"]!).AppendValue((string)row["name"]!).AppendValue((double)row["value"]!)
                    .AppendValue((DateTimeOffset)row["updated_at"]!).AppendValue((bool)row["active"]!).EndRow();
            }
        }
        return sw.Elapsed.TotalSeconds;
    }

    /// <summary>The nested baseline: parents and their 5 children each through the appender into two equivalent tables.</summary>
    public static double RawAppenderNested(string database, long parents)
    {
        using var c = new DuckDBConnection($"Data Source={database}");
        c.Open();
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "CREATE TABLE raw_orders (id BIGINT, name VARCHAR, customer__country VARCHAR, customer__tier BIGINT, _dlt_id VARCHAR); " +
                              "CREATE TABLE raw_lines (line BIGINT, sku VARCHAR, qty BIGINT, _dlt_parent_id VARCHAR, _dlt_list_idx BIGINT)";
            cmd.ExecuteNonQuery();
        }
        Settle();
        var sw = Stopwatch.StartNew();
        using (var orders = c.CreateAppender("raw_orders"))
        using (var lines = c.CreateAppender("raw_lines"))
        {
            foreach (var order in BenchResources.Nested(parents))
            {
                var id = order.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
                orders.CreateRow().AppendValue(order.Id).AppendValue(order.Name).AppendValue(order.Customer.Country).AppendValue(order.Customer.Tier).AppendValue(id).EndRow();
                for (var i = 0; i < order.Lines.Count; i++)
                {
                    var line = order.Lines[i];
                    lines.CreateRow().AppendValue(line.Line).AppendValue(line.Sku).AppendValue(line.Qty).AppendValue(id).AppendValue((long)i).EndRow();
                }
            }
        }
        return sw.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// The PostgreSQL baseline: the same flat rows with Npgsql's binary COPY into an equivalent table. With
    /// <paramref name="systemColumns"/> the rows also carry a load id and a 14-character row id as dlt's tables do: what
    /// the server itself must take in for the pipeline's rows.
    /// </summary>
    public static async Task<double> RawPostgresCopyAsync(string dataset, long n, bool systemColumns = false)
    {
        await using var conn = new Npgsql.NpgsqlConnection(DltNet.Destinations.Postgres.PostgresCredentials.FromEnvironment().ToNpgsqlConnectionString());
        await conn.OpenAsync();
        await using (var cmd = conn.CreateCommand())
        {
            var table = systemColumns ? "raw_flat_dlt" : "raw_flat";
            cmd.CommandText = $"CREATE SCHEMA IF NOT EXISTS {dataset}_raw; CREATE TABLE {dataset}_raw.{table} (id bigint, name text, value double precision, updated_at timestamptz, active boolean" +
                              (systemColumns ? ", _dlt_load_id text, _dlt_id text)" : ")");
            await cmd.ExecuteNonQueryAsync();
        }
        var loadId = systemColumns ? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
        Settle();
        var sw = Stopwatch.StartNew();
        await using (var copy = await conn.BeginBinaryImportAsync(systemColumns
            ? $"COPY {dataset}_raw.raw_flat_dlt (id, name, value, updated_at, active, _dlt_load_id, _dlt_id) FROM STDIN (FORMAT BINARY)"
            : $"COPY {dataset}_raw.raw_flat (id, name, value, updated_at, active) FROM STDIN (FORMAT BINARY)"))
        {
            var id = new byte[10];
            foreach (var row in BenchResources.Rows(n))
            {
                await copy.StartRowAsync();
                copy.Write(row.Id, NpgsqlTypes.NpgsqlDbType.Bigint);
                copy.Write(row.Name, NpgsqlTypes.NpgsqlDbType.Text);
                copy.Write(row.Value, NpgsqlTypes.NpgsqlDbType.Double);
                copy.Write(row.UpdatedAt, NpgsqlTypes.NpgsqlDbType.TimestampTz);
                copy.Write(row.Active, NpgsqlTypes.NpgsqlDbType.Boolean);
                if (!systemColumns) continue;
                copy.Write(loadId, NpgsqlTypes.NpgsqlDbType.Text);
                Random.Shared.NextBytes(id);
                copy.Write(Convert.ToBase64String(id)[..14], NpgsqlTypes.NpgsqlDbType.Text);
            }
            await copy.CompleteAsync();
        }
        return sw.Elapsed.TotalSeconds;
    }

    private static int s_postgresRuns;
    private static bool s_checkpointRefused;

    /// <summary>Counts the postgres-flat runs of this process (the order of pipeline and raw COPY alternates).</summary>
    public static int NextPostgresRun() => s_postgresRuns++;

    /// <summary>
    /// Runs CHECKPOINT, so that no checkpoint (triggered by the WAL of what ran before) writes pages beside the next
    /// measurement. Needs superuser or, on PostgreSQL 15+, the pg_checkpoint role (.ci/postgres.sh grants it); without
    /// the right the benchmark says so once and goes on.
    /// </summary>
    public static async Task CheckpointPostgresAsync()
    {
        if (s_checkpointRefused) return;
        await using var conn = new Npgsql.NpgsqlConnection(DltNet.Destinations.Postgres.PostgresCredentials.FromEnvironment().ToNpgsqlConnectionString());
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "CHECKPOINT";
        try
        {
            await cmd.ExecuteNonQueryAsync();
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.InsufficientPrivilege)
        {
            s_checkpointRefused = true;
            Console.WriteLine("CHECKPOINT refused (the role needs pg_checkpoint): measurements may overlap the server's own checkpoints");
        }
    }

    /// <summary>
    /// CPU time (user + system) of all processes named <c>postgres</c> on this machine, from /proc: the server's work
    /// when it runs here (.ci/postgres.sh); null when there is none to read (another machine, not Linux).
    /// </summary>
    public static double? PostgresServerCpuSeconds()
    {
        if (!Directory.Exists("/proc")) return null;
        double ticks = 0;
        var found = false;
        foreach (var process in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(process, "comm")).TrimEnd() != "postgres") continue;
                // fields after the parenthesised command name: utime and stime are the 14th and 15th of the line
                var stat = File.ReadAllText(Path.Combine(process, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
                found = true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // the process ended, or is not ours to read
            }
        }
        // /proc counts in USER_HZ, which is 100 on Linux
        return found ? ticks / 100.0 : null;
    }

    /// <summary>Drops the benchmark's schemas (dataset, its staging dataset and the raw baseline's).</summary>
    public static async Task DropPostgresSchemasAsync(string dataset)
    {
        await using var conn = new Npgsql.NpgsqlConnection(DltNet.Destinations.Postgres.PostgresCredentials.FromEnvironment().ToNpgsqlConnectionString());
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = $"DROP SCHEMA IF EXISTS {dataset} CASCADE; DROP SCHEMA IF EXISTS {dataset}_staging CASCADE; DROP SCHEMA IF EXISTS {dataset}_raw CASCADE";
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// A pipeline into a DuckDB file whose connection caps DuckDB's buffer pool (DuckDB caches up to 80% of RAM by default,
    /// which is DuckDB's memory, not the pipeline's): the scale workload measures whether the pipeline itself streams.
    /// </summary>
    public static Pipeline NewPipelineWithDuckDbMemoryLimit(string dir, string name, string memoryLimit)
    {
        var connection = new DuckDBConnection($"Data Source={Path.Combine(dir, name + ".duckdb")};memory_limit={memoryLimit}");
        connection.Open();
        return Dlt.Pipeline(name, new DuckDbDestination(connection), "bench", Path.Combine(dir, "pipelines"));
    }

    public static Pipeline NewPipeline(string dir, string name) =>
        Dlt.Pipeline(name, new DuckDbDestination(Path.Combine(dir, name + ".duckdb")), "bench", Path.Combine(dir, "pipelines"));

    /// <summary>
    /// A pipeline on a copy of pipeline <paramref name="name"/>'s database file and working folder, taken between runs:
    /// the same table, with the same storage layout, for a baseline run next to the measured one.
    /// </summary>
    public static Pipeline CopyOf(string dir, string name, string copy)
    {
        File.Copy(Path.Combine(dir, name + ".duckdb"), Path.Combine(dir, copy + ".duckdb"));
        if (File.Exists(Path.Combine(dir, name + ".duckdb.wal"))) File.Copy(Path.Combine(dir, name + ".duckdb.wal"), Path.Combine(dir, copy + ".duckdb.wal"));
        var source = Path.Combine(dir, "pipelines", name);
        var target = Path.Combine(dir, "pipelines_" + copy, name);
        foreach (var folder in Directory.GetDirectories(source, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(target, Path.GetRelativePath(source, folder)));
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(target, Path.GetRelativePath(source, file)));
        return Dlt.Pipeline(name, new DuckDbDestination(Path.Combine(dir, copy + ".duckdb")), "bench", Path.Combine(dir, "pipelines_" + copy));
    }
}
