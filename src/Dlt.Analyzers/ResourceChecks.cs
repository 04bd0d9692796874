using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using DltNet.Schema;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DltNet.Analyzers;

/// <summary>Checks of one <c>[DltResource]</c> method: return type, cancellation, keys, incremental cursor, write disposition.</summary>
internal static class ResourceChecks
{
    public static void Analyze(AnalysisState state, SymbolAnalysisContext context)
    {
        if (context.Symbol is not IMethodSymbol method) return;
        var known = state.Known;
        var attribute = KnownSymbols.Attribute(method, known.DltResourceAttribute);
        if (attribute is null) return;
        var ct = context.CancellationToken;
        var methodLocation = method.Locations.FirstOrDefault() ?? Location.None;
        var args = new AttributeArgs(attribute, methodLocation, ct);
        var report = (Action<Diagnostic>)context.ReportDiagnostic;

        // ---- what the method yields
        var (itemType, isAsync) = ItemTypeOf(method.ReturnType, known);
        if (itemType is null)
        {
            state.Report(report, DltDiagnostics.ResourceReturnType, methodLocation, method.Name, method.ReturnType.ToDisplayString(), ReturnTypeHint(method.ReturnType, known));
            return;
        }
        if (isAsync && method.IsAsync && !method.Parameters.Any(p => KnownSymbols.Is(p.Type, known.CancellationToken)))
            state.Report(report, DltDiagnostics.AsyncResourceWithoutCancellation, methodLocation, method.Name);

        INamedTypeSymbol? rowType = null;
        var item = state.Model.Classify(itemType);
        var rowsWhat = $"The rows of resource '{method.Name}'";
        switch (item.Kind)
        {
            case ValueKind.Object:
                rowType = (INamedTypeSymbol)item.Type;
                break;
            case ValueKind.NotStorable:
                state.Report(report, DltDiagnostics.MemberTypeNotStorable, methodLocation, rowsWhat, item.Type.ToDisplayString(), item.Reason);
                break;
            case ValueKind.RuntimeConverted:
                state.Report(report, DltDiagnostics.MemberTypeNotKnown, methodLocation, rowsWhat, item.Type.ToDisplayString(), RowTypeChecks.RuntimeConvertedHint(item));
                break;
        }
        if (rowType is not null) RowTypeChecks.Analyze(state, rowType, report, methodLocation, ct);

        var members = rowType is null ? (IReadOnlyList<RowMember>)Array.Empty<RowMember>() : state.Model.Members(rowType, ct);
        var columns = rowType is null ? new List<RowColumn>() : state.Model.Columns(rowType, ct);
        var table = rowType is null ? null : KnownSymbols.Attribute(rowType, known.DltTableAttribute) is { } t
            ? new AttributeArgs(t, state.Usable(rowType.Locations.FirstOrDefault(), methodLocation), ct)
            : null;

        // ---- names
        var resourceName = args.ConstructorString(0) ?? args.String("Name");
        if (resourceName is not null && Names.Table(resourceName) is null)
            state.Report(report, DltDiagnostics.EmptyName, args.HasConstructorArgument(0) ? args.ConstructorLocation(0) : args.NamedLocation("Name"),
                "Resource name", resourceName, method.Name);
        if (args.String("TableName") is { } tableName && Names.Table(tableName) is null)
            state.Report(report, DltDiagnostics.EmptyName, args.NamedLocation("TableName"), "Table name", tableName, method.Name);

        // ---- keys
        var primaryKey = CheckColumnKeys(state, report, args, "PrimaryKey", "Primary key", method, rowType, members, columns);
        var mergeKey = CheckColumnKeys(state, report, args, "MergeKey", "Merge key", method, rowType, members, columns);
        if (args.String("RowVersionColumn") is { } rowVersion && rowType is not null && !ResolvesAsColumn(rowVersion, members, columns))
            ReportKey(state, report, "Row version column", rowVersion, args.NamedLocation("RowVersionColumn"), IsLiteral(args, "RowVersionColumn"),
                method, rowType, SuggestMember(rowVersion, members));

        var hasPrimaryKey = primaryKey.Count > 0 || columns.Any(c => RowModel.ColumnFlag(c.Member, "PrimaryKey"));
        var hasMergeKey = mergeKey.Count > 0 || columns.Any(c => RowModel.ColumnFlag(c.Member, "MergeKey"));

        // ---- write disposition
        var disposition = args.EnumName("WriteDisposition") ?? table?.EnumName("WriteDisposition");
        var strategy = args.EnumName("MergeStrategy") ?? (args.Has("WriteDisposition") ? null : table?.EnumName("MergeStrategy"));
        var strategyLocation = args.Has("MergeStrategy") ? args.NamedLocation("MergeStrategy") : table?.Has("MergeStrategy") == true ? table.NamedLocation("MergeStrategy") : args.Location;
        var dispositionLocation = args.Has("WriteDisposition") ? args.NamedLocation("WriteDisposition") : table?.Has("WriteDisposition") == true ? table.NamedLocation("WriteDisposition") : args.Location;
        if (disposition == "Skip")
            state.Report(report, DltDiagnostics.WriteDispositionInvalid, dispositionLocation, method.Name,
                "write disposition skip is reserved for dlt's own tables; the loader rejects data tables with it. Use append, replace or merge");
        if (strategy is not null && disposition is not null && disposition != "Merge")
            state.Report(report, DltDiagnostics.WriteDispositionInvalid, strategyLocation, method.Name,
                $"MergeStrategy {strategy} needs WriteDisposition = Merge, not {disposition}");
        if (strategy is not null) disposition = "Merge";
        foreach (var option in new[] { "ValidFromColumn", "ValidToColumn", "RowVersionColumn", "ActiveRecordTimestamp" })
        {
            if (args.String(option) is null) continue;
            if (strategy != "Scd2")
                state.Report(report, DltDiagnostics.WriteDispositionInvalid, args.NamedLocation(option), method.Name,
                    $"{option} is an scd2 option; set MergeStrategy = Scd2");
            else if (option is "ValidFromColumn" or "ValidToColumn" && NamingRules.NormalizePath(args.String(option)!) is null)
                state.Report(report, DltDiagnostics.EmptyName, args.NamedLocation(option), option, args.String(option), method.Name);
        }
        if (args.String("ActiveRecordTimestamp") is { } active && !Names.IsTimestamp(active))
            state.Report(report, DltDiagnostics.WriteDispositionInvalid, args.NamedLocation("ActiveRecordTimestamp"), method.Name,
                $"ActiveRecordTimestamp \"{active}\" is not an ISO-8601 timestamp such as 9999-12-31T00:00:00Z");
        if (args.String("SchemaContract") is { } contract && Names.ContractMode(contract) is null)
            state.Report(report, DltDiagnostics.SchemaContractInvalid, args.NamedLocation("SchemaContract"), contract, method.Name);

        if (disposition == "Merge" && rowType is not null)
        {
            if (strategy is "Upsert" or "InsertOnly")
            {
                var name = strategy == "Upsert" ? "upsert" : "insert-only";
                if (!hasPrimaryKey)
                    state.Report(report, DltDiagnostics.KeyRequired, strategyLocation, method.Name, name, rowType.Name);
                if (hasMergeKey)
                    state.Report(report, DltDiagnostics.MergeHintIgnored, args.Has("MergeKey") ? args.NamedLocation("MergeKey") : strategyLocation,
                        "The merge key", method.Name, $"{name} matches rows on the primary key only");
            }
            else if (strategy == "Scd2" && hasPrimaryKey && !hasMergeKey)
            {
                var keyText = primaryKey.Count > 0
                    ? "new[] { " + string.Join(", ", primaryKey.Select(k => "\"" + k + "\"")) + " }"
                    : "new[] { " + string.Join(", ", columns.Where(c => RowModel.ColumnFlag(c.Member, "PrimaryKey")).Select(c => "\"" + c.MemberPath + "\"")) + " }";
                state.Report(report, DltDiagnostics.Scd2WithoutMergeKey, strategyLocation, method.Name, keyText);
            }
        }
        if (rowType is not null) CheckMergeColumnHints(state, report, method.Name, disposition, strategy, hasPrimaryKey, columns, methodLocation);

        // ---- incremental cursor
        var cursors = 0;
        foreach (var parameter in method.Parameters)
        {
            ct.ThrowIfCancellationRequested();
            var isIncremental = KnownSymbols.Is(parameter.Type, known.IncrementalOfT) || KnownSymbols.Is(parameter.Type, known.Incremental);
            var incrementalAttribute = KnownSymbols.Attribute(parameter, known.DltIncrementalAttribute);
            var parameterLocation = parameter.Locations.FirstOrDefault() ?? methodLocation;
            if (isIncremental && ++cursors == 2)
                state.Report(report, DltDiagnostics.IncrementalOptionInvalid, parameterLocation, parameter.Name, method.Name,
                    "a resource takes at most one incremental cursor");
            if (incrementalAttribute is null) continue;
            var incremental = new AttributeArgs(incrementalAttribute, parameterLocation, ct);
            if (!KnownSymbols.Is(parameter.Type, known.IncrementalOfT) || parameter.Type is not INamedTypeSymbol incrementalType)
            {
                state.Report(report, DltDiagnostics.IncrementalOptionInvalid, incremental.Location, parameter.Name, method.Name,
                    $"the attribute goes on an Incremental<T> parameter, not on {parameter.Type.ToDisplayString()}");
                continue;
            }
            CheckIncremental(state, report, method, parameter, incremental, incrementalType.TypeArguments[0], rowType, members, ct);
        }
    }

    // ------------------------------------------------------------------ return type

    private static (ITypeSymbol? Item, bool IsAsync) ItemTypeOf(ITypeSymbol returnType, KnownSymbols known)
    {
        if (returnType is not INamedTypeSymbol named) return (null, false);
        var candidates = new List<INamedTypeSymbol> { named };
        candidates.AddRange(named.AllInterfaces);
        var asyncEnumerable = candidates.FirstOrDefault(t => KnownSymbols.Is(t, known.AsyncEnumerableOfT));
        if (asyncEnumerable is not null) return (asyncEnumerable.TypeArguments[0], true);
        if (named.SpecialType == SpecialType.System_String) return (null, false);
        var enumerable = candidates.FirstOrDefault(t => t.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T);
        return enumerable is null ? (null, false) : (enumerable.TypeArguments[0], false);
    }

    private static string ReturnTypeHint(ITypeSymbol returnType, KnownSymbols known)
    {
        if (returnType.SpecialType == SpecialType.System_String) return "; a string is a sequence of characters, not of rows";
        if (returnType is INamedTypeSymbol named && (KnownSymbols.InheritsFrom(named, known.Task) || KnownSymbols.Is(named, known.ValueTaskOfT)))
            return "; a task delivers nothing until it completes: write an async iterator (async IAsyncEnumerable<T> with yield return)";
        if (returnType is INamedTypeSymbol e && e.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable))
            return "; the non-generic IEnumerable hides the row type";
        return "";
    }

    // ------------------------------------------------------------------ keys

    /// <summary>Checks an array of key names that are column hints (normalized by the runtime); returns the keys.</summary>
    private static List<string> CheckColumnKeys(AnalysisState state, Action<Diagnostic> report, AttributeArgs args, string argument, string what,
        IMethodSymbol method, INamedTypeSymbol? rowType, IReadOnlyList<RowMember> members, List<RowColumn> columns)
    {
        var keys = args.Strings(argument);
        var result = new List<string>();
        if (keys is null) return result;
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            if (key is null) continue;
            result.Add(key);
            if (NamingRules.NormalizePath(key) is null)
            {
                state.Report(report, DltDiagnostics.EmptyName, args.ElementLocation(argument, i), what, key, method.Name);
                continue;
            }
            if (rowType is null || ResolvesAsColumn(key, members, columns)) continue;
            ReportKey(state, report, what, key, args.ElementLocation(argument, i), args.IsStringLiteralElement(argument, i), method, rowType, SuggestMember(key, members));
        }
        return result;
    }

    /// <summary>A column hint key resolves when it is a member name, a member's [DltColumn] name, or normalizes to one of the table's columns.</summary>
    private static bool ResolvesAsColumn(string key, IReadOnlyList<RowMember> members, List<RowColumn> columns)
    {
        if (members.Any(m => m.Name == key || m.Key == key)) return true;
        var normalized = NamingRules.NormalizePath(key);
        return normalized is not null && columns.Any(c => c.Name == normalized);
    }

    /// <summary>A key of a row's raw keys (incremental dedup keys): a member name (mapped to its key) or a member's key, exactly.</summary>
    private static bool ResolvesAsRawKey(string key, IReadOnlyList<RowMember> members) => members.Any(m => m.Name == key || m.Key == key);

    /// <summary>The member a misspelled key most likely means: same name ignoring case, or the same normalized column name.</summary>
    private static RowMember? SuggestMember(string key, IReadOnlyList<RowMember> members)
    {
        var byCase = members.FirstOrDefault(m => string.Equals(m.Name, key, StringComparison.OrdinalIgnoreCase))
                     ?? members.FirstOrDefault(m => string.Equals(m.Key, key, StringComparison.OrdinalIgnoreCase));
        if (byCase is not null) return byCase;
        var normalized = NamingRules.NormalizePath(key);
        if (normalized is null) return null;
        var squashed = normalized.Replace("_", "");
        return members.FirstOrDefault(m => m.NormalizedName == normalized)
               ?? members.FirstOrDefault(m => m.NormalizedName?.Replace("_", "") == squashed);
    }

    private static void ReportKey(AnalysisState state, Action<Diagnostic> report, string what, string key, Location location, bool isLiteral,
        IMethodSymbol method, INamedTypeSymbol rowType, RowMember? suggestion)
    {
        string tail;
        ImmutableDictionary<string, string?>? properties = null;
        if (suggestion is not null)
        {
            tail = $"; did you mean '{suggestion.Name}'?";
            if (isLiteral) properties = ImmutableDictionary<string, string?>.Empty.Add(DltDiagnostics.ReplacementProperty, suggestion.Name);
        }
        else
        {
            var names = state.Model.Members(rowType, CancellationToken.None).Select(m => m.Name).Take(8).ToList();
            tail = names.Count == 0 ? "; it has no loaded members" : "; its members are " + string.Join(", ", names);
        }
        state.Report(report, DltDiagnostics.KeyMemberNotFound, location, properties, what, key, method.Name, rowType.Name, tail);
    }

    private static bool IsLiteral(AttributeArgs args, string argument) => args.IsStringLiteralElement(argument, 0);

    // ------------------------------------------------------------------ hard delete / dedup sort

    private static void CheckMergeColumnHints(AnalysisState state, Action<Diagnostic> report, string resource, string? disposition, string? strategy,
        bool hasPrimaryKey, List<RowColumn> columns, Location fallback)
    {
        foreach (var column in columns)
        {
            var member = column.Member;
            var location = state.Usable(member.Location, fallback);
            var isMerge = disposition == "Merge";
            if (RowModel.ColumnFlag(member, "HardDelete"))
            {
                if (!isMerge)
                    state.Report(report, DltDiagnostics.MergeHintIgnored, location, $"HardDelete on '{column.MemberPath}'", resource,
                        $"hard_delete applies to write disposition merge, and the resource {(disposition is null ? "appends" : "uses " + disposition.ToLowerInvariant())}");
                else if (strategy == "Scd2")
                    state.Report(report, DltDiagnostics.MergeHintIgnored, location, $"HardDelete on '{column.MemberPath}'", resource,
                        "scd2 retires records that are missing from a load and does not use hard_delete");
            }
            if (RowModel.ColumnArgument(member, "DedupSort") is { Value: string })
            {
                string? why = null;
                if (!isMerge) why = $"dedup_sort applies to write disposition merge, and the resource {(disposition is null ? "appends" : "uses " + disposition.ToLowerInvariant())}";
                else if (strategy is "Scd2" or "Upsert" or "InsertOnly") why = $"merge strategy {strategy} does not deduplicate the rows of a load";
                else if (!hasPrimaryKey) why = "dedup_sort orders rows with the same primary key, and the resource has no primary key";
                if (why is not null)
                    state.Report(report, DltDiagnostics.MergeHintIgnored, location, $"DedupSort on '{column.MemberPath}'", resource, why);
            }
        }
    }

    // ------------------------------------------------------------------ incremental

    private static void CheckIncremental(AnalysisState state, Action<Diagnostic> report, IMethodSymbol method, IParameterSymbol parameter,
        AttributeArgs incremental, ITypeSymbol cursorType, INamedTypeSymbol? rowType, IReadOnlyList<RowMember> members, CancellationToken ct)
    {
        // cursor path
        var path = incremental.ConstructorString(0);
        if (path is null || path.Trim().Length == 0)
        {
            state.Report(report, DltDiagnostics.IncrementalOptionInvalid, incremental.ConstructorLocation(0), parameter.Name, method.Name, "the cursor path is empty");
        }
        else if (rowType is not null && ResolveCursor(state, report, method, parameter, incremental, path, rowType, ct) is { } cursorMember)
        {
            CheckCursorType(state, report, method, parameter, incremental, cursorType, path, cursorMember);
        }

        // initial and end values
        IComparable? initial = null, end = null;
        var initialText = incremental.String("InitialValue");
        var endText = incremental.String("EndValue");
        if (initialText is not null && Names.ParseCursorValue(cursorType, initialText, out initial) is { } whyInitial)
            state.Report(report, DltDiagnostics.CursorValueInvalid, incremental.NamedLocation("InitialValue"), "InitialValue", parameter.Name, method.Name, whyInitial);
        if (endText is not null && Names.ParseCursorValue(cursorType, endText, out end) is { } whyEnd)
            state.Report(report, DltDiagnostics.CursorValueInvalid, incremental.NamedLocation("EndValue"), "EndValue", parameter.Name, method.Name, whyEnd);
        if (endText is not null && initialText is null)
            state.Report(report, DltDiagnostics.CursorValueInvalid, incremental.NamedLocation("EndValue"), "EndValue", parameter.Name, method.Name,
                "an end value needs an InitialValue (a backfill runs from InitialValue to EndValue)");
        var lastValueFunc = incremental.String("LastValueFunc");
        if (initial is not null && end is not null && initial.GetType() == end.GetType())
        {
            var order = end.CompareTo(initial);
            if (lastValueFunc == "min" ? order > 0 : order < 0)
                state.Report(report, DltDiagnostics.CursorValueInvalid, incremental.NamedLocation("EndValue"), "EndValue", parameter.Name, method.Name,
                    $"\"{endText}\" comes before InitialValue \"{initialText}\" under last value function {lastValueFunc ?? "max"}");
        }

        // options
        if (lastValueFunc is not null && lastValueFunc is not ("max" or "min"))
            state.Report(report, DltDiagnostics.IncrementalOptionInvalid, incremental.NamedLocation("LastValueFunc"), parameter.Name, method.Name,
                $"LastValueFunc \"{lastValueFunc}\" is neither \"max\" nor \"min\"");
        if (incremental.String("RowOrder") is { } rowOrder && rowOrder is not ("asc" or "desc"))
            state.Report(report, DltDiagnostics.IncrementalOptionInvalid, incremental.NamedLocation("RowOrder"), parameter.Name, method.Name,
                $"RowOrder \"{rowOrder}\" is neither \"asc\" nor \"desc\"");
        if (incremental.String("OnCursorValueMissing") is { } missing && missing is not ("raise" or "include" or "exclude"))
            state.Report(report, DltDiagnostics.IncrementalOptionInvalid, incremental.NamedLocation("OnCursorValueMissing"), parameter.Name, method.Name,
                $"OnCursorValueMissing \"{missing}\" is not raise, include or exclude");

        // dedup keys: compared with the raw keys of the rows
        if (rowType is not null && incremental.Strings("PrimaryKey") is { } keys)
        {
            for (var i = 0; i < keys.Count; i++)
            {
                if (keys[i] is not { } key || ResolvesAsRawKey(key, members)) continue;
                ReportKey(state, report, "Incremental dedup key", key, incremental.ElementLocation("PrimaryKey", i),
                    incremental.IsStringLiteralElement("PrimaryKey", i), method, rowType, SuggestMember(key, members));
            }
        }
    }

    /// <summary>Walks a cursor path through the row type's members; returns the member it ends on, or null when it does not resolve or leaves typed members.</summary>
    private static RowMember? ResolveCursor(AnalysisState state, Action<Diagnostic> report, IMethodSymbol method, IParameterSymbol parameter,
        AttributeArgs incremental, string path, INamedTypeSymbol rowType, CancellationToken ct)
    {
        var prefix = path.StartsWith("$.", StringComparison.Ordinal) ? "$." : "";
        var body = path.Substring(prefix.Length);
        if (body.IndexOfAny(new[] { '[', '*', '$', '?' }) >= 0) return null; // a JSON path expression: not checked
        var rootMembers = state.Model.Members(rowType, ct);
        if (rootMembers.FirstOrDefault(m => m.Key == body) is { } direct) return direct;
        var parts = body.Split('.');
        INamedTypeSymbol current = rowType;
        RowMember? member = null;
        for (var i = 0; i < parts.Length; i++)
        {
            var members = state.Model.Members(current, ct);
            member = members.FirstOrDefault(m => m.Name == parts[i]) ?? members.FirstOrDefault(m => m.Key == parts[i]);
            if (member is null)
            {
                var suggestion = SuggestMember(parts[i], members);
                ImmutableDictionary<string, string?>? properties = null;
                var tail = "";
                if (suggestion is not null)
                {
                    var fixedParts = (string[])parts.Clone();
                    fixedParts[i] = suggestion.Name;
                    var replacement = prefix + string.Join(".", fixedParts);
                    tail = $"; did you mean '{replacement}'?";
                    if (incremental.IsStringLiteralConstructorArgument())
                        properties = ImmutableDictionary<string, string?>.Empty.Add(DltDiagnostics.ReplacementProperty, replacement);
                }
                else if (members.Count > 0)
                {
                    tail = "; its members are " + string.Join(", ", members.Select(m => m.Name).Take(8));
                }
                state.Report(report, DltDiagnostics.CursorPathNotFound, incremental.ConstructorLocation(0), properties,
                    path, parameter.Name, method.Name, parts[i], current.Name, tail);
                return null;
            }
            if (i == parts.Length - 1) break;
            if (member.Value.Kind is ValueKind.Json or ValueKind.Untyped or ValueKind.RuntimeConverted) return null; // dynamic content
            if (member.Value.Kind != ValueKind.Object || member.Value.Type is not INamedTypeSymbol next)
            {
                state.Report(report, DltDiagnostics.CursorPathNotFound, incremental.ConstructorLocation(0),
                    path, parameter.Name, method.Name, parts[i + 1], member.Value.Type.ToDisplayString(),
                    $"; '{parts[i]}' is a value of type {member.Value.Type.ToDisplayString()}, not an object with members");
                return null;
            }
            current = next;
        }
        return member;
    }

    private static void CheckCursorType(AnalysisState state, Action<Diagnostic> report, IMethodSymbol method, IParameterSymbol parameter,
        AttributeArgs incremental, ITypeSymbol cursorType, string path, RowMember member)
    {
        var memberType = member.Type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T && member.Type is INamedTypeSymbol n
            ? n.TypeArguments[0]
            : member.Type;
        if (member.Value.Kind is not ValueKind.Scalar) return; // dynamic values: their type is decided at run time
        var suggested = SuggestedCursorType(memberType, state.Known);
        if (suggested is null || Accepts(cursorType, memberType, state.Known)) return;
        state.Report(report, DltDiagnostics.CursorTypeMismatch, parameter.Locations.FirstOrDefault() ?? incremental.Location,
            parameter.Name, method.Name, cursorType.ToDisplayString(), path, member.Type.ToDisplayString(), suggested);
    }

    /// <summary>
    /// Whether Incremental&lt;T&gt; can hold the values the runtime reads from a member: rows carry integers as long, floats as double,
    /// UTC DateTime as DateTimeOffset, Guid/Uri/enum/char as string (see ItemConverter and Incremental&lt;T&gt;.Convert).
    /// </summary>
    private static bool Accepts(ITypeSymbol cursorType, ITypeSymbol memberType, KnownSymbols known)
    {
        var m = memberType.SpecialType;
        switch (cursorType.SpecialType)
        {
            case SpecialType.System_Int64:
                return IsInteger(memberType);
            case SpecialType.System_Int32:
                return m is SpecialType.System_Int32 or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Byte or SpecialType.System_SByte;
            case SpecialType.System_Double:
                return m is SpecialType.System_Double or SpecialType.System_Single || KnownSymbols.Is(memberType, known.Half);
            case SpecialType.System_Decimal:
                return m == SpecialType.System_Decimal;
            case SpecialType.System_String:
                return m is SpecialType.System_String or SpecialType.System_Char || memberType.TypeKind == TypeKind.Enum
                       || KnownSymbols.Is(memberType, known.Guid) || KnownSymbols.Is(memberType, known.Uri);
            case SpecialType.System_Boolean:
                return m == SpecialType.System_Boolean;
            case SpecialType.System_DateTime:
                return m == SpecialType.System_DateTime || KnownSymbols.Is(memberType, known.DateTimeOffset);
        }
        if (KnownSymbols.Is(cursorType, known.DateTimeOffset)) return KnownSymbols.Is(memberType, known.DateTimeOffset);
        if (KnownSymbols.Is(cursorType, known.DateOnly)) return KnownSymbols.Is(memberType, known.DateOnly);
        if (KnownSymbols.Is(cursorType, known.TimeOnly)) return KnownSymbols.Is(memberType, known.TimeOnly);
        return false;
    }

    private static bool IsInteger(ITypeSymbol type) => type.SpecialType is SpecialType.System_Int64 or SpecialType.System_Int32 or SpecialType.System_Int16
        or SpecialType.System_UInt16 or SpecialType.System_UInt32 or SpecialType.System_Byte or SpecialType.System_SByte or SpecialType.System_UInt64;

    /// <summary>The cursor type to use for a member type; null when the member is not a cursor-able scalar.</summary>
    private static string? SuggestedCursorType(ITypeSymbol memberType, KnownSymbols known)
    {
        if (IsInteger(memberType)) return "long";
        switch (memberType.SpecialType)
        {
            case SpecialType.System_Double or SpecialType.System_Single: return "double";
            case SpecialType.System_Decimal: return "decimal";
            case SpecialType.System_String or SpecialType.System_Char: return "string";
            case SpecialType.System_Boolean: return "bool";
            case SpecialType.System_DateTime: return "DateTime";
        }
        if (memberType.TypeKind == TypeKind.Enum || KnownSymbols.Is(memberType, known.Guid) || KnownSymbols.Is(memberType, known.Uri)) return "string";
        if (KnownSymbols.Is(memberType, known.Half)) return "double";
        if (KnownSymbols.Is(memberType, known.DateTimeOffset)) return "DateTimeOffset";
        if (KnownSymbols.Is(memberType, known.DateOnly)) return "DateOnly";
        if (KnownSymbols.Is(memberType, known.TimeOnly)) return "TimeOnly";
        return null;
    }
}
