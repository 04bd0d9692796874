using DltNet.Schema;

namespace DltNet.Extract;

/// <summary>
/// Column hints for a nested (child) table of a resource (dlt's <c>nested_hints</c>). The table is named by its
/// <see cref="Path"/> below the resource's root table: one element per nesting level, each the (flattened) field path
/// of the list at that level, e.g. <c>["labels"]</c> for <c>issues__labels</c>, <c>["a__b"]</c> for the list <c>b</c>
/// inside the object <c>a</c>, <c>["items", "tags"]</c> for <c>orders__items__tags</c>.
/// Generated typed resources use it so that nested tables get their types from the row type, not from the data.
/// </summary>
public sealed class NestedTableHints
{
    /// <summary>Creates hints for the nested table at <paramref name="path"/>.</summary>
    public NestedTableHints(IReadOnlyList<string> path, IEnumerable<ColumnSchema> columns)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(columns);
        if (path.Count == 0)
            throw new ArgumentException("A nested table path needs at least one level; hints of the root table go to ResourceHints.Columns.", nameof(path));
        foreach (var level in path)
            if (NamingRules.NormalizePath(level) is null)
                throw new ArgumentException($"The nested table path [{string.Join(", ", path)}] has an empty level.", nameof(path));
        Path = [.. path];
        Columns = [.. columns];
    }

    /// <summary>Levels of the path below the root table.</summary>
    public IReadOnlyList<string> Path { get; }

    /// <summary>Column hints of the nested table (names are normalized when applied).</summary>
    public List<ColumnSchema> Columns { get; }

    /// <summary>
    /// Adds the nested tables of <paramref name="resource"/> under <paramref name="root"/> (parents before children)
    /// and merges their column hints, with the same rules as root column hints.
    /// </summary>
    internal static void Apply(DltSchema schema, TableSchema root, DltResource resource)
    {
        var naming = schema.Naming;
        foreach (var hints in resource.Hints.NestedHints.OrderBy(h => h.Path.Count))
        {
            var parent = root;
            foreach (var level in hints.Path)
            {
                var name = naming.ShortenFragments(parent.Name, NamingRules.NormalizePath(level)!);
                var table = schema.GetTable(name);
                if (table is null) table = schema.AddTable(new TableSchema(name) { Parent = parent.Name });
                else if (table.Parent != parent.Name)
                    throw new PipelineConfigException(
                        $"Resource `{resource.Name}` declares nested table `{name}` under `{parent.Name}`, but the schema already has `{name}` " +
                        (table.Parent is null ? "as a root table." : $"under `{table.Parent}`.") + " Rename the field or the table.");
                parent = table;
            }
            foreach (var hint in hints.Columns)
            {
                var col = hint.Clone();
                col.Name = naming.NormalizePath(hint.Name);
                var existing = parent.GetColumn(col.Name);
                if (existing is { IsComplete: true } && col.DataType is { } dt && dt != existing.DataType)
                    throw new SchemaCorruptedException(
                        $"Resource `{resource.Name}`: the hint for column `{col.Name}` of nested table `{parent.Name}` sets data_type `{dt.ToDltName()}`, but the column already has type `{existing.DataType!.Value.ToDltName()}`. " +
                        "Types of existing columns are never changed; drop the table (refresh: drop_resources) or load into a new column.");
                parent.AddOrMergeColumn(col);
            }
        }
    }
}
