using System;
using System.Collections.Generic;
using System.Linq;
using DltNet.Generators.Helpers;
using DltNet.Schema;

namespace DltNet.Generators.Model;

/// <summary>
/// Plans the columnar writer of a row type: walks its members as <see cref="TableShapeBuilder"/> does and maps every
/// scalar to a column index of its table, every nested object to columns of the same table and every collection to
/// a nested table. Returns null (no writer: the row type keeps the dynamic path) unless the rows map completely onto
/// the generated tables with values stored as they are: no json columns, no dynamic members, no runtime or lossy
/// conversions (decimal, dates, times, float, DateTime), no type-changing column hints, no lists of lists.
/// </summary>
internal static class WriterPlanBuilder
{
    private const string ValueColumn = "value";

    public static WriterSpec? Build(string rootType, Func<string, EquatableArray<MemberSpec>?> membersOf, TableSetSpec tables)
    {
        var members = membersOf(rootType);
        if (members is null || tables.Tables.Count == 0) return null;
        var builder = new Builder(membersOf, tables);
        var level = tables.MaxTableNesting ?? TableShapeBuilder.UnlimitedNesting;
        var fields = builder.Fields(members.Value, 0, new List<string>(), level, level, new HashSet<string>(StringComparer.Ordinal) { rootType });
        if (fields is null || !builder.CoversAllColumns()) return null;
        return new WriterSpec(builder.Depth, fields.ToEquatableArray(), tables.Tables.Count);
    }

    private sealed class Builder(Func<string, EquatableArray<MemberSpec>?> membersOf, TableSetSpec tables)
    {
        private readonly int _nesting = tables.MaxTableNesting ?? TableShapeBuilder.UnlimitedNesting;
        private readonly Dictionary<int, HashSet<int>> _assigned = new();

        /// <summary>The max table nesting needed: a nested member found at level <c>l</c> needs <c>nesting - l + 1</c>.</summary>
        public int Depth { get; private set; }

        public List<WriterFieldSpec>? Fields(IReadOnlyList<MemberSpec> members, int table, List<string> prefix, int level, int tableLevel, HashSet<string> visiting)
        {
            var result = new List<WriterFieldSpec>();
            foreach (var member in members)
            {
                var path = new List<string>(prefix) { member.ColumnName };
                var name = NamingRules.MakePath(path.ToArray());
                var value = member.Value;
                if (member.Hints.DataType == "Json") return null;
                if (value.Kind is ValueKind.Object or ValueKind.Collection or ValueKind.DynamicObject)
                {
                    if (level <= 0) return null; // stays a json column
                    Depth = Math.Max(Depth, _nesting - level + 1);
                    if (value.Kind == ValueKind.Object)
                    {
                        if (value.RowType is null || visiting.Contains(value.RowType) || membersOf(value.RowType) is not { } inner) return null;
                        var fields = Fields(inner, table, path, level - 1, tableLevel, new HashSet<string>(visiting, StringComparer.Ordinal) { value.RowType });
                        if (fields is null) return null;
                        result.Add(new WriterFieldSpec(WriterFieldKind.Object, member.MemberName, value.IsNullableValueType, value.IsReferenceType, null,
                            ScalarConversion.Direct, table, -1, fields.ToEquatableArray()));
                    }
                    else if (value.Kind == ValueKind.Collection)
                    {
                        var list = List(member.MemberName, value, table, name, tableLevel, visiting);
                        if (list is null) return null;
                        result.Add(list);
                    }
                    else return null; // dictionaries: columns decided at run time
                    continue;
                }
                var scalar = Scalar(member.MemberName, value, member.Hints, table, name);
                if (scalar is null) return null;
                result.Add(scalar);
            }
            return result;
        }

        private WriterFieldSpec? List(string memberName, ValueSpec value, int table, string name, int tableLevel, HashSet<string> visiting)
        {
            var childPath = new List<string>(tables.Tables[table].Path) { name };
            var child = -1;
            for (var i = 0; i < tables.Tables.Count; i++)
                if (tables.Tables[i].Path.SequenceEqual(childPath)) child = i;
            if (child < 0 || value.Element is not { } element) return null;
            WriterFieldSpec? elementField;
            switch (element.Kind)
            {
                case ValueKind.Object:
                    if (element.RowType is null || visiting.Contains(element.RowType) || membersOf(element.RowType) is not { } inner) return null;
                    // a null element becomes a row {"value": null}: only without a "value" column is that a row of nulls
                    if ((element.IsReferenceType || element.IsNullableValueType) && tables.Tables[child].Columns.Any(c => c.Name == ValueColumn)) return null;
                    var fields = Fields(inner, child, new List<string>(), tableLevel - 1, tableLevel - 1,
                        new HashSet<string>(visiting, StringComparer.Ordinal) { element.RowType });
                    if (fields is null) return null;
                    elementField = new WriterFieldSpec(WriterFieldKind.Object, null, element.IsNullableValueType, element.IsReferenceType, null,
                        ScalarConversion.Direct, child, -1, fields.ToEquatableArray());
                    break;
                case ValueKind.Scalar:
                    elementField = Scalar(null, element, ColumnHintsSpec.None, child, ValueColumn);
                    break;
                default:
                    return null; // lists of lists and dynamic elements keep the dynamic path
            }
            if (elementField is null) return null;
            if (!_assigned.ContainsKey(child)) _assigned[child] = new HashSet<int>();
            return new WriterFieldSpec(WriterFieldKind.List, memberName, value.IsNullableValueType, value.IsReferenceType, null,
                ScalarConversion.Direct, child, -1, new EquatableArray<WriterFieldSpec>(new[] { elementField }));
        }

        private WriterFieldSpec? Scalar(string? memberName, ValueSpec value, ColumnHintsSpec hints, int table, string name)
        {
            if (value.Kind != ValueKind.Scalar || value.DataType is null) return null;
            if (hints.DataType is { } dt && dt != value.DataType) return null;
            if (hints.Precision is not null || hints.Scale is not null || hints.Timezone == false) return null;
            var conversion = value.Conversion;
            string? setter = (value.DataType, conversion) switch
            {
                ("Bigint", ScalarConversion.Direct or ScalarConversion.ToInt64 or ScalarConversion.EnumToInt64) => "Int64",
                ("Double", ScalarConversion.Direct) => "Double",
                ("Bool", ScalarConversion.Direct) => "Bool",
                ("Text", ScalarConversion.Direct or ScalarConversion.ToText) => "Text",
                ("Timestamp", ScalarConversion.Direct) => "Timestamp",
                ("Binary", ScalarConversion.Direct or ScalarConversion.ToArray) => "Binary",
                _ => null,
            };
            if (setter is null) return null;
            var columns = tables.Tables[table].Columns;
            var column = -1;
            for (var i = 0; i < columns.Count; i++)
                if (columns[i].Name == name) column = i;
            if (column < 0 || columns[column].DataType != value.DataType) return null;
            if (!_assigned.TryGetValue(table, out var assigned)) _assigned[table] = assigned = new HashSet<int>();
            if (!assigned.Add(column)) return null; // two members with one column name: the dynamic path keeps the first value
            return new WriterFieldSpec(WriterFieldKind.Scalar, memberName, value.IsNullableValueType, value.IsReferenceType, setter, conversion, table, column,
                EquatableArray<WriterFieldSpec>.Empty);
        }

        /// <summary>Every table is reached and every column of it is set by exactly one member.</summary>
        public bool CoversAllColumns()
        {
            if (!_assigned.ContainsKey(0)) _assigned[0] = new HashSet<int>();
            for (var t = 0; t < tables.Tables.Count; t++)
                if (!_assigned.TryGetValue(t, out var assigned) || assigned.Count != tables.Tables[t].Columns.Count) return false;
            return true;
        }
    }
}
