// Quick start: load a week of real USGS earthquakes (nested GeoJSON) into an embedded DuckDB file.
using System.Text.Json.Nodes;
using DltNet;
using DltNet.Destinations.DuckDb;
using DuckDB.NET.Data;

var feed = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "earthquakes.geojson")))!;
var features = feed["features"]!.AsArray();

// The feed keeps times as epoch milliseconds; turn them into instants so they load as timestamp columns.
foreach (var feature in features)
{
    var properties = feature!["properties"]!.AsObject();
    foreach (var key in new[] { "time", "updated" })
        if (properties[key]?.GetValue<long>() is long ms)
            properties[key] = DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("O");
}

var database = Path.GetFullPath("quickstart.duckdb");
var pipeline = Dlt.Pipeline("quickstart", destination: new DuckDbDestination(database), datasetName: "earthquakes_data");

// merge on the feed's id: running the quick start twice updates rows instead of duplicating them
var info = pipeline.Run(features, tableName: "earthquakes", writeDisposition: "merge", primaryKey: "id");
Console.WriteLine(info);
Console.WriteLine();

using var connection = new DuckDBConnection($"Data Source={database};ACCESS_MODE=READ_ONLY");
connection.Open();
using var command = connection.CreateCommand();
command.CommandText = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'earthquakes_data' ORDER BY table_name";
var tables = new List<string>();
using (var reader = command.ExecuteReader())
    while (reader.Read()) tables.Add(reader.GetString(0));
foreach (var table in tables)
{
    command.CommandText = $"SELECT count(*) FROM earthquakes_data.\"{table}\"";
    Console.WriteLine($"{table,-32} {command.ExecuteScalar(),8} rows");
}
