// A typed pipeline published as a NativeAOT executable: loads the made-up shop of Shop.cs into an embedded DuckDB file.
//
//   AotPipeline [database.duckdb] [pipelines-folder] [orders] [customers]
//
// Prints the load info, the rows per table, and how long after the process started the first row was produced (the
// start-up cost of the runtime and of the pipeline; docs/aot.md compares it with the JIT).
using AotPipeline;
using DltNet;
using DltNet.Destinations.DuckDb;
using DuckDB.NET.Data;

var database = Path.GetFullPath(args.Length > 0 ? args[0] : "shop.duckdb");
var pipelinesDir = args.Length > 1 ? Path.GetFullPath(args[1]) : null;
var orderCount = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 200;
var customerCount = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 50;

var pipeline = Dlt.Pipeline("aot_shop", new DuckDbDestination(database), datasetName: "shop_data", pipelinesDir: pipelinesDir);
var info = await pipeline.RunAsync(Shop.Source(orderCount, customerCount));
Console.WriteLine(info);
Console.WriteLine();
Console.WriteLine($"first row after {FirstRow.Elapsed?.TotalMilliseconds:F0} ms (since process start)");
Console.WriteLine($"aot: {!System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported}");

using var connection = new DuckDBConnection($"Data Source={database};ACCESS_MODE=READ_ONLY");
connection.Open();
using var command = connection.CreateCommand();
command.CommandText = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'shop_data' ORDER BY table_name";
var tables = new List<string>();
using (var reader = command.ExecuteReader())
    while (reader.Read()) tables.Add(reader.GetString(0));
foreach (var table in tables)
{
    command.CommandText = $"SELECT count(*) FROM shop_data.\"{table}\"";
    Console.WriteLine($"{table,-24} {command.ExecuteScalar(),6} rows");
}
return info.HasFailedJobs ? 1 : 0;
