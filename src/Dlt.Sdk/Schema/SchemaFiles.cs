using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DltNet.Schema;

/// <summary>
/// dlt's schema files: <c>&lt;name&gt;.schema.yaml</c> and <c>&lt;name&gt;.schema.json</c>, as python dlt imports and exports them
/// (<c>import_schema_path</c> / <c>export_schema_path</c>). Exports leave out default values (<c>nullable: true</c>, false hints,
/// column and table names that repeat the key), like dlt's <c>remove_defaults</c>; imports accept both forms.
/// YAML goes through YamlDotNet's node model (no reflection).
/// </summary>
public static class SchemaFiles
{
    /// <summary>Reads a schema file (.yaml/.yml or .json by extension).</summary>
    public static DltSchema Load(string path)
    {
        var text = File.ReadAllText(path);
        return path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? DltSchema.Parse(text) : FromYaml(text);
    }

    /// <summary>Writes a schema file (.yaml/.yml or .json by extension) without defaults.</summary>
    public static void Save(DltSchema schema, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? ToJsonText(schema) : ToYaml(schema));
    }

    /// <summary>Parses a dlt YAML schema.</summary>
    public static DltSchema FromYaml(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new SchemaCorruptedException($"The schema YAML is malformed at line {e.Start.Line}, column {e.Start.Column}: {e.Message}");
        }
        if (stream.Documents.Count == 0 || ToJsonNode(stream.Documents[0].RootNode) is not JsonObject doc)
            throw new SchemaCorruptedException("A schema YAML file must hold one mapping (name, tables, settings, ...).");
        return DltSchema.FromJson(doc);
    }

    /// <summary>dlt's YAML form of a schema, without defaults.</summary>
    public static string ToYaml(DltSchema schema)
    {
        var root = ToYamlNode(Export(schema));
        var stream = new YamlStream(new YamlDocument(root));
        var sb = new StringBuilder();
        using (var writer = new StringWriter(sb, CultureInfo.InvariantCulture))
            stream.Save(new Emitter(writer, new EmitterSettings().WithBestIndent(2)), assignAnchors: false);
        var text = sb.ToString();
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    /// <summary>dlt's JSON form of a schema, without defaults, indented.</summary>
    public static string ToJsonText(DltSchema schema) => Export(schema).ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>The stored document without default values.</summary>
    public static JsonObject Export(DltSchema schema)
    {
        var doc = schema.ToJson();
        if (doc["tables"] is JsonObject tables)
        {
            foreach (var (tableName, tableNode) in tables)
            {
                if (tableNode is not JsonObject table) continue;
                if (table["name"]?.GetValue<string>() == tableName) table.Remove("name");
                if (table["columns"] is not JsonObject columns) continue;
                foreach (var (columnName, columnNode) in columns)
                {
                    if (columnNode is not JsonObject column) continue;
                    if (column["name"]?.GetValue<string>() == columnName) column.Remove("name");
                    if (column["nullable"]?.GetValueKind() == JsonValueKind.True) column.Remove("nullable");
                    foreach (var key in column.Where(kv => kv.Value?.GetValueKind() == JsonValueKind.False && kv.Key != "nullable").Select(kv => kv.Key).ToList())
                        column.Remove(key);
                }
            }
        }
        return doc;
    }

    private static JsonNode? ToJsonNode(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
                var o = new JsonObject();
                foreach (var (k, v) in map.Children) o[((YamlScalarNode)k).Value ?? ""] = ToJsonNode(v);
                return o;
            case YamlSequenceNode seq:
                var a = new JsonArray();
                foreach (var v in seq.Children) a.Add(ToJsonNode(v));
                return a;
            case YamlScalarNode scalar:
                var text = scalar.Value ?? "";
                if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
                    return JsonValue.Create(text);
                switch (text)
                {
                    case "" or "~" or "null" or "Null" or "NULL": return null;
                    case "true" or "True" or "TRUE": return JsonValue.Create(true);
                    case "false" or "False" or "FALSE": return JsonValue.Create(false);
                }
                // numbers become JSON-backed values so readers can take them as int, long or double
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
                    return JsonNode.Parse(l.ToString(CultureInfo.InvariantCulture));
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) && text.Any(char.IsDigit))
                    return JsonNode.Parse(d.ToString("R", CultureInfo.InvariantCulture));
                return JsonValue.Create(text);
            default:
                return null;
        }
    }

    private static YamlNode ToYamlNode(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                var map = new YamlMappingNode();
                foreach (var (k, v) in o) map.Add(new YamlScalarNode(k), ToYamlNode(v));
                return map;
            case JsonArray a:
                var seq = new YamlSequenceNode();
                foreach (var v in a) seq.Add(ToYamlNode(v));
                return seq;
            case null:
                return new YamlScalarNode("null") { Style = ScalarStyle.Plain };
            default:
                switch (node.GetValueKind())
                {
                    case JsonValueKind.True: return new YamlScalarNode("true") { Style = ScalarStyle.Plain };
                    case JsonValueKind.False: return new YamlScalarNode("false") { Style = ScalarStyle.Plain };
                    case JsonValueKind.Number: return new YamlScalarNode(node.ToJsonString()) { Style = ScalarStyle.Plain };
                    default:
                        var s = node.GetValue<string>();
                        // quote strings a YAML reader would take for something else
                        var needsQuotes = s.Length == 0 || s is "null" or "true" or "false" or "~" || double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
                        return new YamlScalarNode(s) { Style = needsQuotes ? ScalarStyle.SingleQuoted : ScalarStyle.Any };
                }
        }
    }
}
