using DltNet.Destinations.DuckDb;
using DuckDB.NET.Data;

namespace DltNet.Tests;

/// <summary>A pipeline in a temp folder with its own DuckDB file, deleted on dispose.</summary>
internal sealed class TestPipeline : IDisposable
{
    public TestPipeline(string name = "test_pipeline", string dataset = "test_data")
    {
        Root = Path.Combine(Path.GetTempPath(), "dlt-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        DatabasePath = Path.Combine(Root, "test.duckdb");
        Dataset = dataset;
        Name = name;
        Pipeline = Create();
    }

    public string Root { get; }
    public string DatabasePath { get; }
    public string Dataset { get; }
    public string Name { get; }
    public string PipelinesDir => Path.Combine(Root, "pipelines");
    public Pipeline Pipeline { get; private set; }

    /// <summary>A new pipeline object on the same folder and database (as a new process would create).</summary>
    public Pipeline Create() => Pipeline = Dlt.Pipeline(Name, new DuckDbDestination(DatabasePath), Dataset, PipelinesDir);

    public List<object?[]> Query(string sql)
    {
        using var conn = new DuckDBConnection($"Data Source={DatabasePath}");
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var rows = new List<object?[]>();
        while (r.Read())
        {
            var row = new object?[r.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = r.IsDBNull(i) ? null : r.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    public long Count(string table) => Convert.ToInt64(Query($"SELECT count(*) FROM \"{Dataset}\".\"{table}\"")[0][0]);

    public Dictionary<string, string> ColumnTypes(string table) =>
        Query($"SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = '{Dataset}' AND table_name = '{table}'")
            .ToDictionary(r => (string)r[0]!, r => (string)r[1]!);

    public bool TableExists(string table) =>
        Query($"SELECT 1 FROM information_schema.tables WHERE table_schema = '{Dataset}' AND table_name = '{table}'").Count > 0;

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
