// Benchmarks: dotnet run -c Release --project tests/Dlt.Benchmarks -- [workload ...] [--rows N] [--out FILE]
// Without workloads every default workload runs, each in its own process (so peak working set is its own), and a Markdown
// table is written to --out (default: the repository's docs/benchmarks.md) and printed. postgres-flat uses
// DESTINATION__POSTGRES__CREDENTIALS, else starts a throwaway server with .ci/postgres.sh (and stops it afterwards).
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DltNet;
using DltNet.Benchmarks;
using DltNet.Extract;

// DuckDB's buffer pool cap in the scale workloads (the pipeline's own memory is what they measure)
const string ScaleMemoryLimit = "32MB";
var rows = 1_000_000L;
var repeat = 3;
// a process's peak working set varies by ±15% (DuckDB's and the runtime's native memory: 192-224 MB over 1M-row
// processes, 206-246 MB over 10M-row ones), so the scale workloads take the median of more processes than the others
const int ScaleProcesses = 5;
string? outFile = null;
var child = false;
var names = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--rows": rows = long.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--out": outFile = args[++i]; break;
        case "--repeat": repeat = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--child": child = true; break;
        default: names.Add(args[i]); break;
    }
}

var all = new Dictionary<string, Func<string, long, Task<List<Result>>>>(StringComparer.Ordinal)
{
    ["flat-typed"] = FlatTyped,
    ["flat-dynamic"] = FlatDynamic,
    ["flat-jsonl"] = FlatJsonLines,
    ["nested-typed"] = NestedTyped,
    ["nested-dynamic"] = NestedDynamic,
    ["merge-typed"] = MergeTyped,
    ["merge"] = Merge,
    ["postgres-flat"] = PostgresFlat,
    ["scale-typed"] = ScaleTyped,
    ["scale-typed-10x"] = ScaleTyped,
    ["scale-dynamic"] = ScaleDynamic,
};
// run by default (scale-dynamic on request); scale-typed-10x runs the scale workload with 10 times the rows
var defaults = new[] { "flat-typed", "flat-dynamic", "flat-jsonl", "nested-typed", "nested-dynamic", "merge-typed", "merge", "postgres-flat", "scale-typed", "scale-typed-10x" };

if (child)
{
    // a shared 2-core VM is noisy: each workload runs `repeat` times (pipeline and baseline each time) and the run with
    // the median ratio (or median time) is reported; the scale workloads run once, in a fresh process, for their peak memory
    var scale = names[0].StartsWith("scale", StringComparison.Ordinal);
    var times = scale ? 1 : repeat;
    var runs = new List<List<Result>>();
    // a warm-up run first (JIT, DuckDB.NET's one-time initialisation), as any benchmark harness does; not for
    // the scale workloads, whose peak memory must be their own
    for (var t = scale ? 0 : -1; t < times; t++)
    {
        var dir = Path.Combine(Path.GetTempPath(), "dlt-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            // the warm-up has all the rows: code that runs once per job file (a few times per run) is still being
            // recompiled by tiered JIT after a smaller one, which made the first measured runs up to 20% slower
            var measured = await all[names[0]](dir, rows);
            if (t >= 0) runs.Add(measured);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
    // a row that reports the first row's pipeline run against another baseline (postgres-flat's 7-column COPY) comes
    // from the same run as the first row's median, so that both rows show one measurement
    var firstRowMedian = runs.OrderBy(r => r[0].Ratio ?? r[0].RowsPerSecond).ElementAt(runs.Count / 2);
    for (var k = 0; k < runs[0].Count; k++)
    {
        var samePipelineRun = k > 0 && runs.All(r => r[k].Seconds == r[0].Seconds);
        var median = (samePipelineRun ? firstRowMedian[k] : runs.Select(r => r[k]).OrderBy(r => r.Ratio ?? r.RowsPerSecond).ElementAt(runs.Count / 2)) with { Runs = times };
        Console.WriteLine("RESULT " + JsonSerializer.Serialize(median, ResultJson.Default.Result));
    }
    return 0;
}

if (names.Count == 0)
{
    names.AddRange(defaults);
    // the full run writes the repository's docs/benchmarks.md unless --out says otherwise
    if (outFile is null)
    {
        var repo = AppContext.BaseDirectory;
        while (repo is not null && !File.Exists(Path.Combine(repo, "Dlt.sln"))) repo = Path.GetDirectoryName(repo);
        if (repo is not null) outFile = Path.Combine(repo, "docs", "benchmarks.md");
    }
}
var results = new List<Result>();
var loadBefore = LoadAverage();
// postgres-flat needs a server: start a throwaway one with .ci/postgres.sh when none is configured
string? startedPostgres = null;
if (names.Contains("postgres-flat") && Environment.GetEnvironmentVariable("DESTINATION__POSTGRES__CREDENTIALS") is null)
{
    startedPostgres = StartPostgres();
    if (startedPostgres is null) { Console.Error.WriteLine("postgres-flat skipped: no DESTINATION__POSTGRES__CREDENTIALS and .ci/postgres.sh could not start a server"); names.Remove("postgres-flat"); }
}
try
{
foreach (var name in names)
{
    if (!all.ContainsKey(name)) { Console.Error.WriteLine($"unknown workload {name}; known: {string.Join(", ", all.Keys)}"); return 2; }
    var workloadRows = name.EndsWith("-10x", StringComparison.Ordinal) ? rows * 10 : rows;
    // a scale workload's peak working set is its process's own: it runs in ScaleProcesses fresh processes, and the one
    // with the median peak is reported
    var scale = name.StartsWith("scale", StringComparison.Ordinal);
    var processResults = new List<Result>();
    for (var run = 0; run < (scale ? ScaleProcesses : 1); run++)
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "--child", name, "--rows", workloadRows.ToString(CultureInfo.InvariantCulture), "--repeat", repeat.ToString(CultureInfo.InvariantCulture) }) psi.ArgumentList.Add(a);
        // the memory workloads measure a memory-bounded deployment: workstation GC (Server GC keeps larger heaps per core)
        if (scale) psi.Environment["DOTNET_gcServer"] = "0";
        Console.Error.WriteLine($"running {name} ...");
        using var p = Process.Start(psi)!;
        string? line;
        while ((line = p.StandardOutput.ReadLine()) is not null)
            if (line.StartsWith("RESULT ", StringComparison.Ordinal)) processResults.Add(JsonSerializer.Deserialize(line[7..], ResultJson.Default.Result)!);
            else Console.Error.WriteLine("  " + line);
        p.WaitForExit();
        if (p.ExitCode != 0) { Console.Error.WriteLine($"{name} failed with exit code {p.ExitCode}"); return 1; }
    }
    if (scale) results.Add(processResults.OrderBy(r => r.PeakWorkingSet).ElementAt(processResults.Count / 2) with { Runs = processResults.Count });
    else results.AddRange(processResults);
}
}
finally
{
    if (startedPostgres is not null) StopPostgres(startedPostgres);
}

var md = new StringBuilder();
md.AppendLine("# Benchmarks");
md.AppendLine();
md.AppendLine("Written by `dotnet run -c Release --project tests/Dlt.Benchmarks` (every workload end to end into a fresh file-backed DuckDB database, or PostgreSQL,");
md.AppendLine("each in its own process; the raw baseline runs in the same process right after). Numbers are only comparable within one run and on a quiet machine.");
md.AppendLine();
md.AppendLine($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; load average (1 min) {loadBefore} before, {LoadAverage()} after the run.");
md.AppendLine();
md.AppendLine("| workload | rows | rows/s | extract s | normalize s | load s | allocated MB | GC pauses ms | peak working set MB | baseline | baseline rows/s | ratio |");
md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|");
foreach (var r in results)
    md.AppendLine(string.Create(CultureInfo.InvariantCulture,
        $"| {r.Workload} | {r.Rows:N0} | {r.RowsPerSecond:N0} | {r.ExtractSeconds:F2} | {r.NormalizeSeconds:F2} | {r.LoadSeconds:F2} | {r.AllocatedBytes / 1e6:N0} | {r.GcPauseMilliseconds:N0} | {r.PeakWorkingSet / 1e6:N0} | {r.Baseline ?? "-"} | {(r.BaselineRowsPerSecond is { } b ? b.ToString("N0", CultureInfo.InvariantCulture) : "-")} | {(r.Ratio is { } x ? x.ToString("P0", CultureInfo.InvariantCulture) : "-")} |"));
md.AppendLine();
md.AppendLine("rows/s is for the whole run (one `RunAsync`: extract + normalize + load); ratio = rows/s / baseline rows/s (for merges: time of the append / time of the merge, so a merge in under 2x the append's time is a ratio above 50%).");
md.AppendLine("Merges are measured against appending the same 200k rows to a copy of the same 1M-row table (database file and pipeline folder copied after the initial load): DuckDB compacts row groups at checkpoint whenever rows were deleted or a small last row group can merge, which any write to that table pays; the \"into an empty table\" rows show the same 200k loaded into a new table, for reference.");
foreach (var r in results.Where(r => r.Baseline?.Contains("same 1M-row table", StringComparison.Ordinal) == true && r.BaselineSeconds is not null))
{
    var empty = results.FirstOrDefault(e => e.Workload.StartsWith(r.Workload.StartsWith("merge-typed", StringComparison.Ordinal) ? "typed load of" : "plain load of", StringComparison.Ordinal));
    var line = string.Create(CultureInfo.InvariantCulture, $"{r.Workload}: {r.Seconds:F2} s, {r.Seconds / r.BaselineSeconds!.Value:F2}x the append's {r.BaselineSeconds:F2} s");
    if (empty is not null) line += string.Create(CultureInfo.InvariantCulture, $" ({r.Seconds / empty.Seconds:F2}x the {empty.Seconds:F2} s load into an empty table)");
    md.AppendLine(line + ".");
}
md.AppendLine($"Each workload but the scale ones ran {repeat} times after a warm-up run of the same size, pipeline and baseline each time, each timed part after a pause in which the process goes quiet (a full GC, and background JIT of the part before); the table shows the run with the median ratio (or median rows/s). Each scale workload ran once in each of {ScaleProcesses} fresh processes; the table shows the process with the median peak working set.");
md.AppendLine("Append and merge tables take the early load: job files are copied into the destination (merge tables: into the staging dataset) while extract still runs, inside the package's transaction, so the load column is what remained after normalize.");
md.AppendLine("The benchmark runs with Server GC (`<ServerGarbageCollector>true</ServerGarbageCollector>`), the throughput setting recommended for pipeline apps.");
md.AppendLine("Typed workloads take the typed columnar fast path (generated writers -> Parquet at extract; text and row ids kept as UTF-8 bytes, so GC pauses stay small); dictionaries and JSON lines are normalized at extract too; normalize then validates and links the files. Typed upsert takes it too (flat rows: key hashes as row ids from the key columns).");
md.AppendLine("DuckDB job files hold one DuckDB row group (122,880 rows) each, so every table is made of whole row groups; PostgreSQL's hold 200,000 rows.");
md.AppendLine("postgres-flat is bound by the server's ingest on the shared 2 cores: the second postgres row compares the same run with a raw binary COPY of the same rows plus the two system columns (`_dlt_load_id`, a 14-character `_dlt_id`) that every dlt table has and the server must take in as well. Each of the three starts after a CHECKPOINT, with the tables of the one before dropped, and their order alternates between runs.");
foreach (var r in results.Where(r => r.ServerCpuSeconds is not null && r.BaselineServerCpuSeconds is not null))
    md.AppendLine(string.Create(CultureInfo.InvariantCulture,
        $"{r.Workload}: CPU time of the PostgreSQL server processes {r.ServerCpuSeconds:F2} s for the pipeline's load, {r.BaselineServerCpuSeconds:F2} s for the {r.Baseline}."));
md.AppendLine($"The scale workloads cap DuckDB's own buffer pool (memory_limit {ScaleMemoryLimit}): DuckDB caches table blocks up to 80% of RAM by default, which would measure DuckDB's cache, not whether the pipeline streams; they run with workstation GC, as a memory-bounded deployment would.");
md.AppendLine("Python dlt 1.26 on the same flat and nested rows, measured separately (the benchmark runs no Python): [benchmarks-python-dlt.md](benchmarks-python-dlt.md).");
var scale1 = results.FirstOrDefault(r => r.Workload.StartsWith("scale-typed ", StringComparison.Ordinal) && r.Rows == rows);
var scale10 = results.FirstOrDefault(r => r.Workload.StartsWith("scale-typed ", StringComparison.Ordinal) && r.Rows == rows * 10);
if (scale1 is not null && scale10 is not null)
    md.AppendLine(string.Create(CultureInfo.InvariantCulture,
        $"Peak working set at {scale10.Rows:N0} rows is {(double)scale10.PeakWorkingSet / scale1.PeakWorkingSet:F2}x that at {scale1.Rows:N0} rows ({scale10.PeakWorkingSet / 1e6:N0} MB vs {scale1.PeakWorkingSet / 1e6:N0} MB)."));
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
    var update = n / 5;
    // 200k rows whose keys overlap the loaded ones (every 5th key), merged with delete-insert and with upsert
    IEnumerable<Dictionary<string, object?>> Overlapping() => Workloads.FlatDictionaries(update).Select(d => { d["id"] = (long)d["id"]! * 5; return d; });
    var results = new List<Result>();
    foreach (var (strategy, disposition) in new[] { ("delete-insert", (DltNet.Schema.WriteDisposition)"merge"), ("upsert", DltNet.Schema.WriteDisposition.Upsert) })
    {
        var pipeline = Workloads.NewPipeline(dir, "merge_" + strategy);
        await Workloads.MeasureAsync($"merge {strategy}: initial load", pipeline, Workloads.FlatDictionaries(n), n, "flat", disposition, "id");
        // the baseline appends the same rows to a copy of the same 1M-row table: storage upkeep that any write to that
        // table pays (DuckDB compacts row groups at checkpoint) is in both, and only the merge's own work differs
        var appendPipeline = Workloads.CopyOf(dir, "merge_" + strategy, "append_" + strategy);
        var merged = await Workloads.MeasureAsync($"merge {strategy} 200k into 1M", pipeline, Overlapping(), update, "flat", disposition, "id");
        var appended = await Workloads.MeasureAsync($"append of the same 200k into the same 1M ({strategy})", appendPipeline, Overlapping(), update, "flat", "append");
        results.Add(merged with { Baseline = "append of the same 200k to the same 1M-row table", BaselineSeconds = appended.Seconds });
    }
    // for reference: the same rows into an empty table
    results.Add(await Workloads.MeasureAsync("plain load of the 200k into an empty table", Workloads.NewPipeline(dir, "plain"), Overlapping(), update, "flat"));
    return results;
}

static async Task<List<Result>> ScaleDynamic(string dir, long n)
{
    var r = await Workloads.MeasureAsync($"scale-dynamic {n:N0}", Workloads.NewPipeline(dir, "scale"), Workloads.FlatDictionaries(n), n, "flat");
    return [r];
}

static async Task<List<Result>> FlatTyped(string dir, long n)
{
    var r = await Workloads.MeasureAsync("flat-typed (generated writer)", Workloads.NewPipeline(dir, "flat"), BenchResources.FlatResource(n), n);
    var baseline = Workloads.RawAppender(Path.Combine(dir, "raw.duckdb"), n);
    return [r with { Baseline = "DuckDB.NET appender", BaselineSeconds = baseline }];
}

static async Task<List<Result>> NestedTyped(string dir, long n)
{
    var parents = n / 10;
    var r = await Workloads.MeasureAsync("nested-typed (1 parent + 5 children)", Workloads.NewPipeline(dir, "nested"), BenchResources.NestedResource(parents), parents * 6);
    var baseline = Workloads.RawAppenderNested(Path.Combine(dir, "raw.duckdb"), parents);
    return [r with { Baseline = "DuckDB.NET appender, 2 tables", BaselineSeconds = baseline }];
}

static async Task<List<Result>> MergeTyped(string dir, long n)
{
    var update = n / 5;
    var results = new List<Result>();
    foreach (var strategy in new[] { "delete-insert", "upsert" })
    {
        var upsert = strategy == "upsert";
        var pipeline = Workloads.NewPipeline(dir, "merge_" + strategy);
        await Workloads.MeasureAsync($"merge-typed {strategy}: initial load", pipeline, upsert ? BenchResources.FlatUpsertedResource(n, 1) : BenchResources.FlatMergedResource(n, 1), n);
        // baseline: the same rows appended to a copy of the same 1M-row table (see Merge)
        var appendPipeline = Workloads.CopyOf(dir, "merge_" + strategy, "append_" + strategy);
        var merged = await Workloads.MeasureAsync($"merge-typed {strategy} {update:N0} into {n:N0}", pipeline,
            upsert ? BenchResources.FlatUpsertedResource(update, 5) : BenchResources.FlatMergedResource(update, 5), update);
        var appended = await Workloads.MeasureAsync($"typed append of the same rows into the same table ({strategy})", appendPipeline, BenchResources.FlatAppendedResource(update, 5), update);
        results.Add(merged with { Baseline = "typed append of the same rows to the same 1M-row table", BaselineSeconds = appended.Seconds });
    }
    results.Add(await Workloads.MeasureAsync($"typed load of the {update:N0} into an empty table", Workloads.NewPipeline(dir, "plain"), BenchResources.FlatPlainResource(update, 5), update));
    return results;
}

static async Task<List<Result>> PostgresFlat(string dir, long n)
{
    var dataset = "bench_" + Guid.NewGuid().ToString("N")[..8];
    var pipeline = Dlt.Pipeline("pgflat", new DltNet.Destinations.Postgres.PostgresDestination(), dataset, Path.Combine(dir, "pipelines"));
    // the server is the bottleneck, so each part starts from the same server state: a CHECKPOINT first (else one that
    // the previous part's WAL triggered runs beside it), its tables dropped right after (else autovacuum may take them
    // during the next part); the order alternates between runs, so neither side always follows the other
    Result? measured = null;
    double? serverCpu = null, baselineServerCpu = null, systemColumnsServerCpu = null;
    double baseline = 0, withSystemColumns = 0;
    // one part: a CHECKPOINT, the measurement with the server's CPU time around it, its tables dropped
    async Task<(T Value, double? ServerCpu)> Part<T>(Func<Task<T>> measure)
    {
        await Workloads.CheckpointPostgresAsync();
        var cpu = Workloads.PostgresServerCpuSeconds();
        var value = await measure();
        var used = Workloads.PostgresServerCpuSeconds() - cpu;
        await Workloads.DropPostgresSchemasAsync(dataset);
        return (value, used);
    }
    async Task RunPipeline() =>
        (measured, serverCpu) = await Part(() => Workloads.MeasureAsync("postgres-flat (typed)", pipeline, BenchResources.FlatResource(n), n));
    async Task RunRawCopies()
    {
        (baseline, baselineServerCpu) = await Part(() => Workloads.RawPostgresCopyAsync(dataset, n));
        // for reference: the same raw COPY with the two system columns every dlt table has, which the server must take in too
        (withSystemColumns, systemColumnsServerCpu) = await Part(() => Workloads.RawPostgresCopyAsync(dataset, n, systemColumns: true));
        Console.WriteLine($"raw COPY: {baseline:F2} s, with the system columns: {withSystemColumns:F2} s");
    }
    try
    {
        if (Workloads.NextPostgresRun() % 2 == 0)
        {
            await RunPipeline();
            await RunRawCopies();
        }
        else
        {
            await RunRawCopies();
            await RunPipeline();
        }
        if (serverCpu is not null) Console.WriteLine($"server CPU: pipeline {serverCpu:F2} s, raw COPY {baselineServerCpu:F2} s, with the system columns {systemColumnsServerCpu:F2} s");
        return [measured! with { Baseline = "Npgsql binary COPY", BaselineSeconds = baseline, ServerCpuSeconds = serverCpu, BaselineServerCpuSeconds = baselineServerCpu },
            measured! with { Workload = "postgres-flat (typed), against a raw COPY that carries _dlt_load_id and _dlt_id too", Baseline = "Npgsql binary COPY, 7 columns", BaselineSeconds = withSystemColumns,
                ServerCpuSeconds = serverCpu, BaselineServerCpuSeconds = systemColumnsServerCpu }];
    }
    finally
    {
        await Workloads.DropPostgresSchemasAsync(dataset);
    }
}

static async Task<List<Result>> ScaleTyped(string dir, long n)
{
    var r = await Workloads.MeasureAsync($"scale-typed {n:N0} (DuckDB memory_limit {ScaleMemoryLimit})", Workloads.NewPipelineWithDuckDbMemoryLimit(dir, "scale", ScaleMemoryLimit),
        BenchResources.FlatResource(n), n);
    return [r];
}

static string LoadAverage()
{
    try
    {
        return File.ReadAllText("/proc/loadavg").Split(' ')[0];
    }
    catch (IOException)
    {
        return "?";
    }
}

static string? StartPostgres()
{
    var dir = AppContext.BaseDirectory;
    while (dir is not null && !File.Exists(Path.Combine(dir, ".ci", "postgres.sh"))) dir = Path.GetDirectoryName(dir);
    if (dir is null) return null;
    var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = dir };
    psi.ArgumentList.Add(".ci/postgres.sh");
    psi.ArgumentList.Add("start");
    using var p = Process.Start(psi)!;
    var output = p.StandardOutput.ReadToEnd();
    p.WaitForExit();
    if (p.ExitCode != 0) return null;
    foreach (var line in output.Split('\n'))
    {
        var m = System.Text.RegularExpressions.Regex.Match(line.Trim(), "^export ([A-Z_]+)=(.*)$");
        if (!m.Success) continue;
        var value = m.Groups[2].Value;
        if (value.Length >= 2 && (value[0] == '\'' || value[0] == '"')) value = value[1..^1];
        Environment.SetEnvironmentVariable(m.Groups[1].Value, value);
    }
    return Environment.GetEnvironmentVariable("DESTINATION__POSTGRES__CREDENTIALS") is null ? null : dir;
}

static void StopPostgres(string repo)
{
    var psi = new ProcessStartInfo("bash") { UseShellExecute = false, WorkingDirectory = repo };
    psi.ArgumentList.Add(".ci/postgres.sh");
    psi.ArgumentList.Add("stop");
    using var p = Process.Start(psi)!;
    p.WaitForExit();
}

[System.Text.Json.Serialization.JsonSerializable(typeof(Result))]
internal sealed partial class ResultJson : System.Text.Json.Serialization.JsonSerializerContext;
