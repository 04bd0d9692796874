using System.Text.Json.Nodes;
using DltNet.Schema;

namespace DltNet.Storage;

/// <summary>
/// The pipeline working folder (spec 8.2):
/// <c>state.json</c>, <c>schemas/</c>, <c>normalize/extracted/&lt;load_id&gt;</c>, <c>load/{new,normalized,loaded}/&lt;load_id&gt;</c>.
/// Every phase ends with a folder rename, so a crash leaves each package in exactly one state.
/// </summary>
internal sealed class PipelineStorage
{
    public PipelineStorage(string root)
    {
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }
    public string StatePath => Path.Combine(Root, "state.json");
    public string SchemasDir => Path.Combine(Root, "schemas");
    public string ExtractTempDir => Path.Combine(Root, "normalize", "new");
    public string ExtractedDir => Path.Combine(Root, "normalize", "extracted");
    public string NormalizeTempDir => Path.Combine(Root, "load", "new");
    public string NormalizedDir => Path.Combine(Root, "load", "normalized");
    public string LoadedDir => Path.Combine(Root, "load", "loaded");

    public static IReadOnlyList<string> ListPackages(string dir) =>
        Directory.Exists(dir)
            ? Directory.GetDirectories(dir).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];

    public IReadOnlyList<string> ExtractedPackages => ListPackages(ExtractedDir);
    public IReadOnlyList<string> NormalizedPackages => ListPackages(NormalizedDir);

    /// <summary>Removes leftovers of interrupted steps: temp folders and extracted packages that were already normalized.</summary>
    public void Recover()
    {
        foreach (var dir in new[] { ExtractTempDir, NormalizeTempDir })
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        foreach (var loadId in ExtractedPackages)
        {
            if (Directory.Exists(Path.Combine(NormalizedDir, loadId)) || Directory.Exists(Path.Combine(LoadedDir, loadId)))
                Directory.Delete(Path.Combine(ExtractedDir, loadId), recursive: true);
        }
        foreach (var loadId in NormalizedPackages)
        {
            var pkg = new LoadPackage(Path.Combine(NormalizedDir, loadId));
            pkg.RequeueStartedJobs();
        }
    }

    public DltSchema? LoadSchema(string name)
    {
        var path = Path.Combine(SchemasDir, name + ".schema.json");
        return File.Exists(path) ? DltSchema.Parse(File.ReadAllText(path)) : null;
    }

    public IEnumerable<string> SchemaNames =>
        Directory.Exists(SchemasDir)
            ? Directory.GetFiles(SchemasDir, "*.schema.json").Select(f => Path.GetFileName(f)[..^".schema.json".Length]).Order(StringComparer.Ordinal)
            : [];

    public void SaveSchema(DltSchema schema) =>
        AtomicFile.WriteAllText(Path.Combine(SchemasDir, schema.Name + ".schema.json"), schema.ToJsonString());

    public void DeleteSchema(string name)
    {
        var path = Path.Combine(SchemasDir, name + ".schema.json");
        if (File.Exists(path)) File.Delete(path);
    }

    public JsonObject? LoadState() =>
        File.Exists(StatePath) ? JsonNode.Parse(File.ReadAllText(StatePath)) as JsonObject : null;

    public void SaveState(JsonObject state) => AtomicFile.WriteAllText(StatePath, state.ToJsonString());

    /// <summary>Deletes everything in the working folder (dev mode, or a fresh start after the destination was dropped).</summary>
    public void Wipe()
    {
        foreach (var d in Directory.GetDirectories(Root)) Directory.Delete(d, recursive: true);
        foreach (var f in Directory.GetFiles(Root))
            if (!f.EndsWith(".lock", StringComparison.Ordinal)) File.Delete(f);
    }
}

/// <summary>One load package folder with its job folders (spec 8.2).</summary>
internal sealed class LoadPackage
{
    public const string NewJobs = "new_jobs";
    public const string StartedJobs = "started_jobs";
    public const string CompletedJobs = "completed_jobs";
    public const string FailedJobs = "failed_jobs";

    public LoadPackage(string path)
    {
        Path = path;
        LoadId = System.IO.Path.GetFileName(path);
    }

    public string Path { get; }
    public string LoadId { get; }

    public string JobsDir(string state) => System.IO.Path.Combine(Path, state);

    public void Create()
    {
        foreach (var d in new[] { NewJobs, StartedJobs, CompletedJobs, FailedJobs })
            Directory.CreateDirectory(JobsDir(d));
    }

    public IReadOnlyList<string> ListJobs(string state) =>
        Directory.Exists(JobsDir(state))
            ? Directory.GetFiles(JobsDir(state)).Where(f => !f.EndsWith(".exception", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList()
            : [];

    public string MoveJob(string file, string toState)
    {
        var target = System.IO.Path.Combine(JobsDir(toState), System.IO.Path.GetFileName(file));
        File.Move(file, target, overwrite: true);
        return target;
    }

    public void RequeueStartedJobs()
    {
        foreach (var f in ListJobs(StartedJobs)) MoveJob(f, NewJobs);
    }

    public string SchemaPath => System.IO.Path.Combine(Path, "schema.json");
    public string StatePath => System.IO.Path.Combine(Path, "load_package_state.json");

    public DltSchema ReadSchema() => DltSchema.Parse(File.ReadAllText(SchemaPath));
    public void WriteSchema(DltSchema schema) => File.WriteAllText(SchemaPath, schema.ToJsonString());

    public JsonObject ReadState() =>
        File.Exists(StatePath) ? (JsonObject)JsonNode.Parse(File.ReadAllText(StatePath))! : new JsonObject();

    public void WriteState(JsonObject state) => File.WriteAllText(StatePath, state.ToJsonString());
}
