using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace DltNet;

/// <summary>
/// The pipeline state document (spec 8.8), in dlt's shape: versioned and hashed, with per-source and per-resource state
/// (incremental cursors live there). It is stored in <c>state.json</c> and loaded to <c>_dlt_pipeline_state</c>
/// in the same package as the data it describes.
/// </summary>
public sealed class PipelineState
{
    /// <summary>State engine version (dlt 1.26 uses 4).</summary>
    public const int EngineVersion = 4;

    internal PipelineState(JsonObject doc) => Document = doc;

    /// <summary>The raw state document.</summary>
    public JsonObject Document { get; private set; }

    internal static PipelineState New(string pipelineName) => new(new JsonObject
    {
        ["_state_version"] = 0,
        ["_state_engine_version"] = EngineVersion,
        ["pipeline_name"] = pipelineName,
        ["sources"] = new JsonObject(),
        ["_local"] = new JsonObject { ["first_run"] = true },
    });

    /// <summary>State version (+1 whenever the content hash changes).</summary>
    public int Version => Document["_state_version"]?.GetValue<int>() ?? 0;
    /// <summary>Content hash.</summary>
    public string? VersionHash => Document["_version_hash"]?.GetValue<string>();

    internal JsonObject Local
    {
        get
        {
            if (Document["_local"] is not JsonObject l) Document["_local"] = l = new JsonObject();
            return l;
        }
    }

    /// <summary>State of a source (a dictionary the source may read and write).</summary>
    public JsonObject SourceState(string sourceName)
    {
        var sources = Document["sources"] as JsonObject ?? new JsonObject();
        Document["sources"] = sources;
        if (sources[sourceName] is not JsonObject s) sources[sourceName] = s = new JsonObject();
        return s;
    }

    /// <summary>State of a resource of a source.</summary>
    public JsonObject ResourceState(string sourceName, string resourceName)
    {
        var src = SourceState(sourceName);
        if (src["resources"] is not JsonObject resources) src["resources"] = resources = new JsonObject();
        if (resources[resourceName] is not JsonObject r) resources[resourceName] = r = new JsonObject();
        return r;
    }

    internal void RemoveSource(string sourceName) => (Document["sources"] as JsonObject)?.Remove(sourceName);

    internal void RemoveResource(string sourceName, string resourceName) =>
        (SourceState(sourceName)["resources"] as JsonObject)?.Remove(resourceName);

    /// <summary>Hash of the content without <c>_local</c> and the version fields.</summary>
    internal string ComputeHash()
    {
        var copy = (JsonObject)Document.DeepClone();
        copy.Remove("_local");
        copy.Remove("_state_version");
        copy.Remove("_version_hash");
        var bytes = Common.SortedJson.ToUtf8Bytes(copy);
        return Convert.ToBase64String(SHA3_256.HashData(bytes));
    }

    /// <summary>Bumps the version when the content changed; returns true if it did.</summary>
    internal bool BumpVersion()
    {
        var hash = ComputeHash();
        if (hash == VersionHash) return false;
        Document["_state_version"] = Version + 1;
        Document["_version_hash"] = hash;
        return true;
    }

    /// <summary>dlt's compressed state column: base64(zlib level 9(JSON without _local)).</summary>
    internal string Compress()
    {
        var copy = (JsonObject)Document.DeepClone();
        copy.Remove("_local");
        var json = Encoding.UTF8.GetBytes(copy.ToJsonString());
        using var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.SmallestSize, leaveOpen: true)) z.Write(json);
        return Convert.ToBase64String(ms.ToArray());
    }

    /// <summary>Reads dlt's compressed state column.</summary>
    internal static JsonObject Decompress(string compressed)
    {
        var bytes = Convert.FromBase64String(compressed);
        using var z = new ZLibStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var sr = new StreamReader(z, Encoding.UTF8);
        return (JsonObject)JsonNode.Parse(sr.ReadToEnd())!;
    }

    internal PipelineState Clone() => new((JsonObject)Document.DeepClone());

    internal void ReplaceWith(JsonObject remote)
    {
        var local = Local.DeepClone();
        Document = (JsonObject)remote.DeepClone();
        Document["_local"] = local;
    }
}
