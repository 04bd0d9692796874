// Typed pipeline: a [DltSource] with a merge resource, an incremental cursor and nested records, loaded into DuckDB.
// The GitHub API is replayed from recorded responses (data/), so the sample runs offline.
using DltNet;
using DltNet.Destinations.DuckDb;
using DuckDB.NET.Data;
using TypedPipeline;

var recordings = new RecordedGitHub(new[] { "paginate-issues.json", "labels.json" }.Select(f => Path.Combine(AppContext.BaseDirectory, "data", f)));
using var http = new HttpClient(recordings) { BaseAddress = new Uri("https://api.github.com/") };

var database = Path.GetFullPath("github.duckdb");
var pipelinesDir = Path.Combine(Path.GetTempPath(), "dlt-typed-pipeline-sample");
if (File.Exists(database)) File.Delete(database);
if (Directory.Exists(pipelinesDir)) Directory.Delete(pipelinesDir, recursive: true);
var pipeline = Dlt.Pipeline("github_typed", new DuckDbDestination(database), datasetName: "github_data", pipelinesDir: pipelinesDir);

// GitHub.Source(...) is generated: it takes the union of the resources' parameters and builds every resource with its hints,
// its incremental cursor and the table schema generated from the records.
var info = pipeline.Run(GitHub.Source(http, RecordedGitHub.Owner, RecordedGitHub.Repository));
Console.WriteLine(info);
Console.WriteLine();
PrintTables();

// Run again: the cursor is restored from the pipeline state (kept under the source's name), so no issue is loaded twice.
Console.WriteLine();
Console.WriteLine("Second run, issues only (incremental):");
var source = GitHub.Source(http, RecordedGitHub.Owner, RecordedGitHub.Repository).WithResources("issues");
var second = pipeline.Run(source);
var cursor = (DltNet.Extract.Incremental<DateTimeOffset>)source.Resources[0].Incremental!;
Console.WriteLine($"  cursor started at {cursor.Start:O}; issues loaded: {second.RowCounts.GetValueOrDefault("issues")}");
Console.WriteLine($"  first request: {recordings.Requests[^5]}");
PrintTables();

void PrintTables()
{
    using var connection = new DuckDBConnection($"Data Source={database};ACCESS_MODE=READ_ONLY");
    connection.Open();
    using var command = connection.CreateCommand();
    command.CommandText = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'github_data' AND table_name NOT LIKE '\\_dlt%' ESCAPE '\\' ORDER BY table_name";
    var tables = new List<string>();
    using (var reader = command.ExecuteReader())
        while (reader.Read()) tables.Add(reader.GetString(0));
    foreach (var table in tables)
    {
        command.CommandText = $"SELECT count(*) FROM github_data.\"{table}\"";
        Console.WriteLine($"  {table,-20} {command.ExecuteScalar(),4} rows");
    }
    command.CommandText = "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'github_data' AND table_name = 'issues' ORDER BY ordinal_position";
    var columns = new List<string>();
    using (var reader = command.ExecuteReader())
        while (reader.Read()) columns.Add($"{reader.GetString(0)} {reader.GetString(1)}{(reader.GetString(2) == "NO" ? " not null" : "")}");
    Console.WriteLine($"  issues columns: {string.Join(", ", columns)}");
}
