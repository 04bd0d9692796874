using System.Globalization;
using System.Text;
using DltNet.Schema;
using DuckDB.NET.Data;

namespace DltNet.Generators.Tests.EndToEnd;

/// <summary>
/// What a pipeline left in its DuckDB dataset and schema, in a form two loads can be compared by: data tables with their columns
/// (name, DuckDB type, nullability; dlt type and parent from the stored schema) and their rows, where row ids are replaced by the
/// content of the row they point to, so that child rows compare by their parent's data, not by random ids.
/// </summary>
internal sealed class DatasetSnapshot
{
    public SortedDictionary<string, TableSnapshot> Tables { get; } = new(StringComparer.Ordinal);

    public sealed record ColumnSnapshot(string Name, string DuckDbType, bool Nullable, string? DltType);

    public sealed class TableSnapshot(string name)
    {
        public string Name { get; } = name;
        public string? Parent { get; set; }
        public List<ColumnSnapshot> Columns { get; } = [];
        public List<string> Rows { get; } = [];
    }

    private static readonly HashSet<string> IdColumns = new(StringComparer.Ordinal) { "_dlt_id", "_dlt_parent_id", "_dlt_root_id", "_dlt_load_id" };

    /// <summary>Rows of a query on a database file, each as its values joined by "|".</summary>
    public static List<string> Rows(string databasePath, string sql)
    {
        using var connection = new DuckDBConnection($"Data Source={databasePath};ACCESS_MODE=READ_ONLY");
        connection.Open();
        return Query(connection, sql).Select(r => string.Join("|", r.Values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))).ToList();
    }

    public static DatasetSnapshot Read(string databasePath, string dataset, DltSchema schema)
    {
        var snapshot = new DatasetSnapshot();
        using var connection = new DuckDBConnection($"Data Source={databasePath};ACCESS_MODE=READ_ONLY");
        connection.Open();
        var tableNames = Query(connection,
                $"SELECT table_name FROM information_schema.tables WHERE table_schema = '{dataset}' AND table_name NOT LIKE '\\_dlt%' ESCAPE '\\' ORDER BY table_name")
            .Select(r => (string)r["table_name"]!).ToList();

        var raw = new Dictionary<string, List<Dictionary<string, object?>>>(StringComparer.Ordinal);
        foreach (var name in tableNames)
        {
            var table = new TableSnapshot(name) { Parent = schema.GetTable(name)?.Parent };
            foreach (var c in Query(connection,
                         $"SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = '{dataset}' AND table_name = '{name}' ORDER BY ordinal_position"))
            {
                var columnName = (string)c["column_name"]!;
                table.Columns.Add(new ColumnSnapshot(columnName, (string)c["data_type"]!, (string)c["is_nullable"]! == "YES",
                    schema.GetTable(name)?.GetColumn(columnName)?.DataType?.ToDltName()));
            }
            snapshot.Tables[name] = table;
            raw[name] = Query(connection, $"SELECT * FROM \"{dataset}\".\"{name}\"");
        }

        // canonical text of every row, parents first: data columns, list position, and the parent's canonical text
        var canonicalById = new Dictionary<string, string>(StringComparer.Ordinal);
        var pending = new Queue<string>(tableNames.OrderBy(n => n.Length).ThenBy(n => n, StringComparer.Ordinal));
        var guard = 0;
        while (pending.Count > 0)
        {
            var name = pending.Dequeue();
            var rows = raw[name];
            if (rows.Any(r => r.TryGetValue("_dlt_parent_id", out var p) && p is string pid && !canonicalById.ContainsKey(pid)))
            {
                if (++guard > 10_000) throw new InvalidOperationException($"Rows of {name} point to parents that do not exist.");
                pending.Enqueue(name);
                continue;
            }
            foreach (var row in rows)
            {
                var sb = new StringBuilder();
                foreach (var (column, value) in row.Where(kv => !IdColumns.Contains(kv.Key)).OrderBy(kv => kv.Key, StringComparer.Ordinal))
                    sb.Append(column).Append('=').Append(Format(value)).Append("; ");
                if (row.TryGetValue("_dlt_parent_id", out var parent) && parent is string parentId)
                    sb.Append("parent={").Append(canonicalById[parentId]).Append('}');
                var text = sb.ToString();
                if (row.TryGetValue("_dlt_id", out var id) && id is string rowId) canonicalById[rowId] = name + ":" + text;
                snapshot.Tables[name].Rows.Add(text);
            }
            snapshot.Tables[name].Rows.Sort(StringComparer.Ordinal);
        }
        return snapshot;
    }

    private static List<Dictionary<string, object?>> Query(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < reader.FieldCount; i++) row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        string s => "\"" + s + "\"",
        byte[] b => Convert.ToBase64String(b),
        DateTime dt => dt.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset dto => dto.ToString("O", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
