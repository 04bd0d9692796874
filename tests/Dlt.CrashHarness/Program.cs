// Runs step N of a fixed incremental scenario into a DuckDB file. The crash tests run it in a child process with
// DLT_KILL_AT set, kill it mid-step, run the step again and compare the destination with an uninterrupted run.
//   Dlt.CrashHarness <pipelinesDir> <databasePath> <step>
using DltNet;
using DltNet.Destinations.DuckDb;
using DltNet.Extract;

var pipelinesDir = args[0];
var database = args[1];
var step = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);

var pipeline = Dlt.Pipeline("crash_test", new DuckDbDestination(database), "crash_data", pipelinesDir);
pipeline.MaxRowsPerFile = 40; // several job files per table, so kills can land between jobs

// an API that always returns everything it has; the incremental cursor makes each run load only new events
var events = Enumerable.Range(1, step * 60).Select(i => new Dictionary<string, object?>
{
    ["id"] = i, ["kind"] = i % 3 == 0 ? "click" : "view", ["tags"] = new[] { $"t{i % 4}", $"s{step}" },
});
var users = Enumerable.Range(1, 12).Select(i => new Dictionary<string, object?>
{
    ["id"] = i, ["version"] = i <= step * 4 ? step : 0, ["roles"] = Enumerable.Range(0, (i + step) % 3 + 1).Select(r => $"role{r}").ToArray(),
});

// typed append rows, each step's once: the resource state (committed with the data) remembers the last step extracted,
// so rerunning an interrupted step does not append them twice; their job files are copied while extract runs (early load)
var readingHints = CrashHarness.HarnessResources.ReadingsResource(step).Hints;
var readings = DltResource.Create("readings", (ctx, ct) =>
{
    var last = ctx.State["last_step"]?.GetValue<int>() ?? 0;
    ctx.State["last_step"] = step;
    return DltNet.Extract.Typed.TypedRows.FromEnumerable(last >= step ? [] : CrashHarness.HarnessResources.Readings(step), ct);
});
readings.Hints.Columns.AddRange(readingHints.Columns);

var source = Dlt.Source("crash",
    Dlt.Resource(events, "events", incremental: new Incremental("id")),
    Dlt.Resource(users, "users", writeDisposition: "merge", primaryKey: "id"),
    CrashHarness.HarnessResources.SnapshotResource(step), // typed rows: the columnar fast path
    readings);
var info = pipeline.Run(source);
Console.WriteLine(info.ToString());
