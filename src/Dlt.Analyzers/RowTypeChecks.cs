using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DltNet.Schema;
using Microsoft.CodeAnalysis;

namespace DltNet.Analyzers;

/// <summary>
/// Checks of a row type and every row type its members reach: member types that cannot be stored or are not known at
/// build time, recursion, hard delete and dedup sort hints, and per table the column names after normalization.
/// Each type is checked once per compilation, whichever resource or [DltTable] reaches it first.
/// </summary>
internal static class RowTypeChecks
{
    public static void Analyze(AnalysisState state, INamedTypeSymbol rowType, Action<Diagnostic> report, Location fallback, CancellationToken ct)
    {
        var ancestors = new List<ITypeSymbol> { rowType };
        Visit(state, rowType, isTable: true, ancestors, report, fallback, ct);
    }

    /// <summary>How to fix a member whose type has no generated converter.</summary>
    public static string RuntimeConvertedHint(ValueInfo value) =>
        $"{value.Reason}, so the generator writes no converter for it and its values are read with reflection at run time, " +
        "which trimmed and NativeAOT apps do not have; use a concrete, non-generic record or class, or [DltIgnore]";

    private const string UntypedHint =
        "its column type is inferred from each row's value at run time; add [DltColumn(DataType = DltDataType.Json)] to store it as JSON, or give it a concrete type";

    private static void Visit(AnalysisState state, INamedTypeSymbol type, bool isTable, List<ITypeSymbol> ancestors, Action<Diagnostic> report,
        Location fallback, CancellationToken ct)
    {
        if (isTable && state.Claim("table", type)) CheckTable(state, type, report, fallback, ct);
        if (!state.Claim("members", type)) return;
        foreach (var member in state.Model.Members(type, ct))
        {
            ct.ThrowIfCancellationRequested();
            var location = state.Usable(member.Location, fallback);
            var what = $"Member '{member.Name}' of '{type.Name}'";
            var json = RowModel.HasJsonHint(member);

            // the value, or the innermost element of nested collections
            var value = member.Value;
            var inCollection = false;
            while (value.Kind == ValueKind.Collection && value.Element is { } element)
            {
                value = element;
                inCollection = true;
            }
            switch (value.Kind)
            {
                case ValueKind.NotStorable:
                    state.Report(report, DltDiagnostics.MemberTypeNotStorable, location, what, member.Type.ToDisplayString(),
                        inCollection ? $"its elements are {value.Type.ToDisplayString()}, and {value.Reason}" : value.Reason);
                    break;
                case ValueKind.Untyped when !json && !inCollection:
                    state.Report(report, DltDiagnostics.MemberTypeNotKnown, location, what, member.Type.ToDisplayString(), UntypedHint);
                    break;
                case ValueKind.RuntimeConverted:
                    state.Report(report, DltDiagnostics.MemberTypeNotKnown, location, what, member.Type.ToDisplayString(),
                        inCollection ? "its elements are " + value.Type.ToDisplayString() + ": " + RuntimeConvertedHint(value) : RuntimeConvertedHint(value));
                    break;
                case ValueKind.Object when !json && value.Type is INamedTypeSymbol nested:
                    if (ancestors.Contains(nested, SymbolEqualityComparer.Default))
                    {
                        state.Report(report, DltDiagnostics.RecursiveRowType, location, member.Name, type.Name, nested.Name);
                        break;
                    }
                    ancestors.Add(nested);
                    Visit(state, nested, isTable: inCollection, ancestors, report, fallback, ct);
                    ancestors.RemoveAt(ancestors.Count - 1);
                    break;
            }

            if (RowModel.ColumnFlag(member, "HardDelete") && !CanBeFalseOrNull(member))
                state.Report(report, DltDiagnostics.HardDeleteNotBool, location, member.Name, type.Name, member.Type.ToDisplayString());
            if (RowModel.ColumnArgument(member, "DedupSort") is { Value: string order } && order.Trim().ToLowerInvariant() is not ("asc" or "desc"))
                state.Report(report, DltDiagnostics.MergeHintInvalid, location,
                    $"DedupSort \"{order}\" of member '{member.Name}' of '{type.Name}' is neither \"asc\" nor \"desc\"");
            if (member.Key != member.Name && NamingRules.NormalizePath(member.Key) is null && member.Column is { } column)
            {
                var args = new AttributeArgs(column, location, ct);
                var nameLocation = args.ConstructorString(0) is not null ? args.ConstructorLocation(0) : args.NamedLocation("Name");
                state.Report(report, DltDiagnostics.EmptyName, state.Usable(nameLocation, location), "Column name", member.Key, type.Name);
            }
        }
    }

    /// <summary>A hard delete flag works when it can say "keep": a bool (false), or a type that can be null.</summary>
    private static bool CanBeFalseOrNull(RowMember member)
    {
        var type = member.Type;
        if (type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T) return true;
        if (type.SpecialType == SpecialType.System_Boolean) return true;
        if (type.IsValueType) return false;
        return member.Annotation != NullableAnnotation.NotAnnotated;
    }

    private static void CheckTable(AnalysisState state, INamedTypeSymbol type, Action<Diagnostic> report, Location fallback, CancellationToken ct)
    {
        var columns = state.Model.Columns(type, ct);
        var byName = new Dictionary<string, RowColumn>(StringComparer.Ordinal);
        RowColumn? hardDelete = null, dedupSort = null;
        foreach (var column in columns)
        {
            var location = state.Usable(column.Member.Location, fallback);
            if (byName.TryGetValue(column.Name, out var first))
                state.Report(report, DltDiagnostics.ColumnNameCollision, location, first.MemberPath, column.MemberPath, type.Name, column.Name);
            else
                byName.Add(column.Name, column);

            if (RowModel.ColumnFlag(column.Member, "HardDelete"))
            {
                if (hardDelete is null) hardDelete = column;
                else
                    state.Report(report, DltDiagnostics.MergeHintInvalid, location,
                        $"Members '{hardDelete.MemberPath}' and '{column.MemberPath}' of '{type.Name}' are both hard delete columns; a table has at most one");
            }
            if (RowModel.ColumnArgument(column.Member, "DedupSort") is { Value: string })
            {
                if (dedupSort is null) dedupSort = column;
                else
                    state.Report(report, DltDiagnostics.MergeHintInvalid, location,
                        $"Members '{dedupSort.MemberPath}' and '{column.MemberPath}' of '{type.Name}' both set DedupSort; a table has at most one dedup sort column");
            }
        }
    }
}
