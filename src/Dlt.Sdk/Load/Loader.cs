using System.Data.Common;
using System.Text.Json.Nodes;
using DltNet.Destinations;
using DltNet.Schema;
using DltNet.Storage;

namespace DltNet.Load;

/// <summary>
/// The load phase: applies normalized packages to the destination in load-id order, then moves each to <c>load/loaded</c>.
/// A terminal failure aborts the package (dlt 1.x behaviour) unless failed jobs are tolerated; a transient one leaves it
/// pending for the next run.
/// </summary>
internal sealed class Loader(PipelineStorage storage, IDestination destination, string datasetName)
{
    public Action<string>? BeforeStatement { get; init; }

    /// <summary>Loads every normalized package; the package of <paramref name="early"/> is finished on the transaction its early copies opened.</summary>
    public async Task<List<LoadPackageInfo>> LoadPendingAsync(bool raiseOnFailedJobs, CancellationToken ct, EarlyLoader? early = null)
    {
        var infos = new List<LoadPackageInfo>();
        var packages = storage.NormalizedPackages;
        if (packages.Count == 0) return infos;
        KillPoints.Hit("load.begin");
        IDestinationClient? shared = null;
        try
        {
            foreach (var loadId in packages)
            {
                if (early?.LoadId == loadId && early.TakeClient() is { } earlyClient)
                {
                    await using (earlyClient.ConfigureAwait(false))
                        infos.Add(await LoadPackageAsync(earlyClient, loadId, raiseOnFailedJobs, ct, early.Timings).ConfigureAwait(false));
                    continue;
                }
                shared ??= await destination.ConnectAsync(datasetName, ct).ConfigureAwait(false);
                infos.Add(await LoadPackageAsync(shared, loadId, raiseOnFailedJobs, ct, null).ConfigureAwait(false));
            }
        }
        finally
        {
            if (shared is not null) await shared.DisposeAsync().ConfigureAwait(false);
        }
        return infos;
    }

    private async Task<LoadPackageInfo> LoadPackageAsync(IDestinationClient client, string loadId, bool raiseOnFailedJobs, CancellationToken ct,
        IReadOnlyDictionary<string, (DateTimeOffset Start, DateTimeOffset End)>? earlyTimings)
    {
        var package = new LoadPackage(Path.Combine(storage.NormalizedDir, loadId));
        package.RequeueStartedJobs();
        var schema = package.ReadSchema();
        var state = package.ReadState();
        var createdAt = state["created_at"] is { } c && TypeCoercion.TryParseIsoTimestamp(c.GetValue<string>(), out var ts) ? ts : LoadIds.ToTimestamp(loadId);
        var allJobs = package.ListJobs(LoadPackage.NewJobs)
            .Select(f => new LoadJob(f, JobFileName.Parse(f).TableName, JobFileName.Parse(f).FileFormat))
            .OrderBy(j => DltSchema.IsDltTable(j.TableName) ? 1 : 0)
            .ThenBy(j => TableOrder(schema, j.TableName))
            .ToList();
        var failed = new Dictionary<string, string>(StringComparer.Ordinal);
        var timings = new Dictionary<string, (DateTimeOffset Start, DateTimeOffset End)>(StringComparer.Ordinal);
        if (earlyTimings is not null)
            foreach (var job in allJobs)
                if (earlyTimings.TryGetValue(Path.GetFileName(job.FilePath), out var t)) timings[job.FilePath] = t;
        LoadJob? current = null;

        while (true)
        {
            var jobs = allJobs.Where(j => !failed.ContainsKey(j.FilePath)).ToList();
            var request = new LoadPackageRequest
            {
                LoadId = loadId,
                Schema = schema,
                Jobs = jobs,
                CreatedAt = createdAt,
                DroppedTables = ReadList(state["dropped_tables"]),
                TruncatedTables = ReadList(state["truncated_tables"]),
                DropSchemaHistory = state["drop_schema_history"]?.GetValue<bool>() ?? false,
                BeforeStatement = BeforeStatement,
                OnJobState = (job, s) =>
                {
                    current = s == "started_jobs" ? job : null;
                    var now = DateTimeOffset.UtcNow;
                    timings[job.FilePath] = s == "started_jobs" ? (now, now) : (timings.GetValueOrDefault(job.FilePath).Start, now);
                },
            };
            try
            {
                current = null;
                await client.LoadPackageAsync(request, ct).ConfigureAwait(false);
                break;
            }
            catch (Exception e) when (IsTerminal(e))
            {
                var attributed = current?.FilePath
                    ?? (e is LoadClientUnsupportedWriteDisposition u ? allJobs.FirstOrDefault(j => Path.GetFileName(j.FilePath) == u.FileName)?.FilePath : null);
                var failedJob = attributed ?? allJobs.FirstOrDefault(j => !failed.ContainsKey(j.FilePath))?.FilePath;
                if (failedJob is null) throw;
                failed[failedJob] = e.Message;
                // a failure that no single job explains (migration, merge SQL) always aborts the package
                if (raiseOnFailedJobs || attributed is null)
                {
                    Complete(package, schema, state, allJobs, failed, timings, "aborted");
                    throw new LoadClientJobFailed(loadId, JobFileName.Parse(failedJob).JobId, e.Message, e);
                }
            }
        }
        return Complete(package, schema, state, allJobs, failed, timings, "loaded");
    }

    private LoadPackageInfo Complete(LoadPackage package, DltSchema schema, JsonObject state, List<LoadJob> jobs,
        Dictionary<string, string> failed, Dictionary<string, (DateTimeOffset Start, DateTimeOffset End)> timings, string packageState)
    {
        var jobInfos = new List<LoadJobInfo>();
        foreach (var job in jobs)
        {
            var size = File.Exists(job.FilePath) ? new FileInfo(job.FilePath).Length : 0;
            var (start, end) = timings.GetValueOrDefault(job.FilePath);
            string target;
            if (failed.TryGetValue(job.FilePath, out var message))
            {
                target = package.MoveJob(job.FilePath, LoadPackage.FailedJobs);
                File.WriteAllText(target + ".exception", message);
                jobInfos.Add(new LoadJobInfo("failed_jobs", target, size, start, end - start, message));
            }
            else
            {
                var toState = packageState == "loaded" ? LoadPackage.CompletedJobs : LoadPackage.NewJobs;
                target = package.MoveJob(job.FilePath, toState);
                jobInfos.Add(new LoadJobInfo(toState, target, size, start, end - start, null));
            }
        }
        KillPoints.Hit("load.after_jobs_moved");
        File.WriteAllText(Path.Combine(package.Path, "package_completed.json"), $"\"{packageState}\"");
        var loadedPath = Path.Combine(storage.LoadedDir, package.LoadId);
        if (Directory.Exists(loadedPath)) Directory.Delete(loadedPath, recursive: true);
        AtomicFile.MoveDirectory(package.Path, loadedPath);
        KillPoints.Hit("load.after_package_moved");
        var updates = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (state["schema_updates"] is JsonObject su)
            foreach (var (t, cols) in su) updates[t] = ((JsonArray)cols!).Select(x => x!.GetValue<string>()).ToList();
        var rowCounts = new Dictionary<string, long>(StringComparer.Ordinal);
        if (state["row_counts"] is JsonObject rc)
            foreach (var (t, n) in rc) rowCounts[t] = n!.GetValue<long>();
        return new LoadPackageInfo(package.LoadId, loadedPath, packageState, schema.Name, schema.VersionHash, DateTimeOffset.UtcNow,
            jobInfos.Select(j => j with { FilePath = Path.Combine(loadedPath, Path.GetFileName(Path.GetDirectoryName(j.FilePath))!, Path.GetFileName(j.FilePath)) }).ToList(),
            updates, rowCounts, state["discarded_rows"]?.GetValue<long>() ?? 0, state["discarded_values"]?.GetValue<long>() ?? 0);
    }

    private static int TableOrder(DltSchema schema, string table)
    {
        for (var i = 0; i < schema.Tables.Count; i++) if (schema.Tables[i].Name == table) return i;
        return int.MaxValue;
    }

    private static List<string> ReadList(JsonNode? node) =>
        node is JsonArray a ? a.Select(x => x!.GetValue<string>()).ToList() : [];

    /// <summary>Terminal errors abort; transient ones (connection loss, timeouts) leave the package for the next run.</summary>
    internal static bool IsTerminal(Exception e) => e switch
    {
        DltException d => d.IsTerminal,
        DbException db => !db.IsTransient,
        IOException or TimeoutException or OperationCanceledException => false,
        _ => true,
    };
}
