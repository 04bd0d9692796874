using System;
using System.Collections.Generic;
using DltNet.Generators.Helpers;
using DltNet.Schema;

namespace DltNet.Generators.Model;

/// <summary>
/// Computes the tables a row type becomes, following the runtime's relational normalizer step by step
/// (RelationalNormalizer.Flatten/NormalizeList): nested objects are flattened into <c>parent__child</c> columns in the
/// normalizer's LIFO order, lists become nested tables one level down, and at nesting level 0 (or for members typed
/// json) objects and lists stay json columns. A pure function of the member specs.
/// </summary>
internal static class TableShapeBuilder
{
    /// <summary>The normalizer's level when no max table nesting is set.</summary>
    public const int UnlimitedNesting = 1000;

    private const string ValueColumn = "value";
    private const string ListKey = "list";

    public static TableSetSpec Build(string rootType, Func<string, EquatableArray<MemberSpec>?> membersOf, int? maxTableNesting)
    {
        var tables = new List<TableSpec>();
        var members = membersOf(rootType) ?? EquatableArray<MemberSpec>.Empty;
        var builder = new Builder(membersOf, tables);
        builder.AddTable(new List<string>(), members, maxTableNesting ?? UnlimitedNesting, rowNullable: false,
            new HashSet<string>(StringComparer.Ordinal) { rootType }, isRoot: true);
        return new TableSetSpec(maxTableNesting, tables.ToEquatableArray());
    }

    private sealed class Builder(Func<string, EquatableArray<MemberSpec>?> membersOf, List<TableSpec> tables)
    {
        public void AddTable(List<string> tablePath, IReadOnlyList<MemberSpec> members, int level, bool rowNullable, HashSet<string> visiting, bool isRoot)
        {
            var columns = new List<ColumnSpec>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            var lists = new List<(string Field, ValueSpec Element, HashSet<string> Visiting)>();
            var stack = new Stack<(IReadOnlyList<MemberSpec> Members, List<string> Path, int Level, bool Nullable, HashSet<string> Visiting)>();
            stack.Push((members, new List<string>(), level, rowNullable, visiting));
            while (stack.Count > 0)
            {
                var (current, path, lvl, ancestorsNullable, seen) = stack.Pop();
                foreach (var member in current)
                {
                    var fieldPath = new List<string>(path) { member.ColumnName };
                    var name = NamingRules.MakePath(fieldPath.ToArray());
                    bool? nullable = ancestorsNullable ? true : member.Hints.Nullable ?? member.Value.IsNullable;
                    var jsonHint = member.Hints.DataType == "Json";
                    var nested = member.Value.Kind is ValueKind.Object or ValueKind.Collection or ValueKind.DynamicObject;
                    if (nested && !jsonHint && lvl > 0)
                    {
                        // a dictionary is flattened too, into columns its keys decide at run time
                        if (member.Value.Kind == ValueKind.DynamicObject) continue;
                        if (member.Value.Kind == ValueKind.Object)
                        {
                            // a type inside itself has no static shape: the runtime infers what lies below
                            if (seen.Contains(member.Value.RowType!)) continue;
                            var inner = membersOf(member.Value.RowType!) ?? EquatableArray<MemberSpec>.Empty;
                            stack.Push((inner, fieldPath, lvl - 1, nullable == true, new HashSet<string>(seen, StringComparer.Ordinal) { member.Value.RowType! }));
                        }
                        else
                        {
                            lists.Add((name, member.Value.Element!, seen));
                        }
                        continue;
                    }
                    string? dataType = member.Hints.DataType ?? (nested ? "Json" : member.Value.DataType);
                    if (dataType is null) continue; // dynamic value: typed by the runtime from its data
                    if (!names.Add(name)) continue; // same normalized name twice: the first column wins, as in the schema
                    var hints = member.Hints;
                    columns.Add(new ColumnSpec(name, dataType, nullable, hints.Precision, hints.Scale, hints.Timezone, hints.PrimaryKey, hints.MergeKey,
                        hints.HardDelete, hints.DedupSort, hints.Unique, hints.Partition, hints.Cluster));
                }
            }

            if (isRoot || columns.Count > 0)
                tables.Add(new TableSpec(tablePath.ToEquatableArray(), columns.ToEquatableArray()));
            foreach (var (field, element, seen) in lists)
                AddList(new List<string>(tablePath) { field }, element, level - 1, seen);
        }

        private void AddList(List<string> tablePath, ValueSpec element, int level, HashSet<string> visiting)
        {
            var elementNullable = element.IsNullable == true;
            switch (element.Kind)
            {
                case ValueKind.Object:
                    if (visiting.Contains(element.RowType!)) return;
                    AddTable(tablePath, membersOf(element.RowType!) ?? EquatableArray<MemberSpec>.Empty, level, elementNullable,
                        new HashSet<string>(visiting, StringComparer.Ordinal) { element.RowType! }, isRoot: false);
                    return;
                case ValueKind.Collection:
                    // an inner list is a row {"list": inner} of this table
                    var listMember = new MemberSpec(ListKey, ListKey, ListKey, element, ColumnHintsSpec.None);
                    AddTable(tablePath, new[] { listMember }, level, rowNullable: false, visiting, isRoot: false);
                    return;
                case ValueKind.Scalar:
                    var column = new ColumnSpec(ValueColumn, element.DataType!, element.IsNullable, null, null, null, false, false, false, null, false, false, false);
                    tables.Add(new TableSpec(tablePath.ToEquatableArray(), new EquatableArray<ColumnSpec>(new[] { column })));
                    return;
                default:
                    return; // dynamic elements: the runtime types them from the data
            }
        }
    }
}
