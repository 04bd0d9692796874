// Benchmarks: dotnet run -c Release --project tests/Dlt.Benchmarks -- [workload ...] [--rows N] [--out FILE]
// Without workloads every workload runs, each in its own process (so peak working set is its own), and a Markdown
// table is written to --out (default docs/benchmarks.md) and printed.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DltNet;
using DltNet.Benchmarks;
using DltNet.Extract;

var rows = 1_000_000L;
string? outFile = null;
var child = false;
var names = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--rows": rows = long.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--out": outFile = args[++i]; break;
        case "--child": child = true; break;
        default: names.Add(args[i]); break;
    }
}

var all = new Dictionary<string, Func<string, long, Task<List<Result>>>>(StringComparer.Ordinal)
{
    ["flat-dynamic"] = FlatDynamic,
    ["flat-jsonl"] = FlatJsonLines,
    ["nested-dynamic"] = NestedDynamic,
    ["merge"] = Merge,
    ["scale-dynamic"] = ScaleDynamic,
};

if (child)
{
    var dir = Path.Combine(Path.GetTempPath(), "dlt-bench", Guid.NewGuid().ToString("N"));
    Directory.CreateDirectory(dir);
    try
    {
        foreach (var r in await all[names[0]](dir, rows)) Console.WriteLine("RESULT " + JsonSerializer.Serialize(r, ResultJson.Default.Result));
    }
    finally
    {
        Directory.Delete(dir, recursive: true);
    }
    return 0;
}

if (names.Count == 0) names.AddRange(all.Keys);
var results = new List<Result>();
foreach (var name in names)
{
    if (!all.ContainsKey(name)) { Console.Error.WriteLine($"unknown workload {name}; known: {string.Join(", ", all.Keys)}"); return 2; }
    var psi = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
    foreach (var a in new[] { "--child", name, "--rows", rows.ToString(CultureInfo.InvariantCulture) }) psi.ArgumentList.Add(a);
    Console.Error.WriteLine($"running {name} ...");
    using var p = Process.Start(psi)!;
    string? line;
    while ((line = p.StandardOutput.ReadLine()) is not null)
        if (line.StartsWith("RESULT ", StringComparison.Ordinal)) results.Add(JsonSerializer.Deserialize(line[7..], ResultJson.Default.Result)!);
        else Console.Error.WriteLine("  " + line);
    p.WaitForExit();
    if (p.ExitCode != 0) { Console.Error.WriteLine($"{name} failed with exit code {p.ExitCode}"); return 1; }
}

var md = new StringBuilder();
md.AppendLine($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.");
md.AppendLine();
md.AppendLine("| workload | rows | rows/s | extract s | normalize s | load s | allocated MB | peak working set MB | baseline | baseline rows/s | ratio |");
md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|");
foreach (var r in results)
    md.AppendLine(string.Create(CultureInfo.InvariantCulture,
        $"| {r.Workload} | {r.Rows:N0} | {r.RowsPerSecond:N0} | {r.ExtractSeconds:F2} | {r.NormalizeSeconds:F2} | {r.LoadSeconds:F2} | {r.AllocatedBytes / 1e6:N0} | {r.PeakWorkingSet / 1e6:N0} | {r.Baseline ?? "-"} | {(r.BaselineRowsPerSecond is { } b ? b.ToString("N0", CultureInfo.InvariantCulture) : "-")} | {(r.Ratio is { } x ? x.ToString("P0", CultureInfo.InvariantCulture) : "-")} |"));
Console.WriteLine(md.ToString());
if (outFile is not null) File.WriteAllText(outFile, md.ToString());
return 0;

static async Task<List<Result>> FlatDynamic(string dir, long n)
{
    var r = await Workloads.MeasureAsync("flat-dynamic (dictionaries)", Workloads.NewPipeline(dir, "flat"), Workloads.FlatDictionaries(n), n, "flat");
    var baseline = Workloads.RawAppender(Path.Combine(dir, "raw.duckdb"), n);
    return [r with { Baseline = "DuckDB.NET appender", BaselineSeconds = baseline }];
}

static async Task<List<Result>> FlatJsonLines(string dir, long n)
{
    var file = Workloads.WriteJsonLines(dir, n);
    var r = await Workloads.MeasureAsync("flat-dynamic (JSON lines file)", Workloads.NewPipeline(dir, "jsonl"), DltResource.FromJsonLines(file, "flat"), n);
    var baseline = Workloads.RawAppender(Path.Combine(dir, "raw.duckdb"), n);
    return [r with { Baseline = "DuckDB.NET appender", BaselineSeconds = baseline }];
}

static async Task<List<Result>> NestedDynamic(string dir, long n)
{
    var parents = n / 10;
    var r = await Workloads.MeasureAsync("nested-dynamic (1 parent + 5 children)", Workloads.NewPipeline(dir, "nested"), Workloads.NestedDictionaries(parents), parents * 6, "orders");
    return [r];
}

static async Task<List<Result>> Merge(string dir, long n)
{
    var pipeline = Workloads.NewPipeline(dir, "merge");
    await Workloads.MeasureAsync("merge: initial load", pipeline, Workloads.FlatDictionaries(n), n, "flat", "merge", "id");
    var update = n / 5;
    // 200k rows whose keys overlap the loaded ones (every 5th key), merged with delete-insert and with upsert
    IEnumerable<Dictionary<string, object?>> Overlapping() => Workloads.FlatDictionaries(update).Select(d => { d["id"] = (long)d["id"]! * 5; return d; });
    var deleteInsert = await Workloads.MeasureAsync("merge delete-insert 200k into 1M", pipeline, Overlapping(), update, "flat", "merge", "id");
    var upsertPipeline = Workloads.NewPipeline(dir, "upsert");
    await Workloads.MeasureAsync("upsert: initial load", upsertPipeline, Workloads.FlatDictionaries(n), n, "flat", DltNet.Schema.WriteDisposition.Upsert, "id");
    var upsert = await Workloads.MeasureAsync("merge upsert 200k into 1M", upsertPipeline, Overlapping(), update, "flat", DltNet.Schema.WriteDisposition.Upsert, "id");
    var plain = await Workloads.MeasureAsync("plain append of the 200k", Workloads.NewPipeline(dir, "plain"), Overlapping(), update, "flat");
    return
    [
        deleteInsert with { Baseline = "plain load of the same 200k", BaselineSeconds = plain.Seconds },
        upsert with { Baseline = "plain load of the same 200k", BaselineSeconds = plain.Seconds },
    ];
}

static async Task<List<Result>> ScaleDynamic(string dir, long n)
{
    var r = await Workloads.MeasureAsync($"scale-dynamic {n:N0}", Workloads.NewPipeline(dir, "scale"), Workloads.FlatDictionaries(n), n, "flat");
    return [r];
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Result))]
internal sealed partial class ResultJson : System.Text.Json.Serialization.JsonSerializerContext;
