using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DltNet.Analyzers;

/// <summary>Checks of types: [DltTable] row types, [DltSource] classes, and types the generator adds resource factories to.</summary>
internal static class TypeChecks
{
    public static void Analyze(AnalysisState state, SymbolAnalysisContext context)
    {
        if (context.Symbol is not INamedTypeSymbol type) return;
        var known = state.Known;
        var ct = context.CancellationToken;
        var report = (Action<Diagnostic>)context.ReportDiagnostic;
        var typeLocation = type.Locations.FirstOrDefault() ?? Location.None;

        if (KnownSymbols.Attribute(type, known.DltTableAttribute) is { } tableAttribute)
        {
            var table = new AttributeArgs(tableAttribute, typeLocation, ct);
            RowTypeChecks.Analyze(state, type, report, typeLocation, ct);
            var name = table.ConstructorString(0) ?? table.String("Name");
            if (name is not null && Names.Table(name) is null)
                state.Report(report, DltDiagnostics.EmptyName, table.HasConstructorArgument(0) ? table.ConstructorLocation(0) : table.NamedLocation("Name"),
                    "Table name", name, type.Name);
            if (table.String("SchemaContract") is { } contract && Names.ContractMode(contract) is null)
                state.Report(report, DltDiagnostics.SchemaContractInvalid, table.NamedLocation("SchemaContract"), contract, type.Name);
            var disposition = table.EnumName("WriteDisposition");
            if (disposition == "Skip")
                state.Report(report, DltDiagnostics.WriteDispositionInvalid, table.NamedLocation("WriteDisposition"), type.Name,
                    "write disposition skip is reserved for dlt's own tables; the loader rejects data tables with it. Use append, replace or merge");
            if (table.EnumName("MergeStrategy") is { } strategy && disposition is not null && disposition != "Merge")
                state.Report(report, DltDiagnostics.WriteDispositionInvalid, table.NamedLocation("MergeStrategy"), type.Name,
                    $"MergeStrategy {strategy} needs WriteDisposition = Merge, not {disposition}");
        }

        var resources = ResourceMethods(type, known);
        var sourceAttribute = KnownSymbols.Attribute(type, known.DltSourceAttribute);

        // the generator adds members to this type, or to a type nested in it: it must be partial and not generic
        if (GeneratedMembers(type, known) is { } what && type.TypeKind is TypeKind.Class or TypeKind.Struct)
        {
            if (!IsPartial(type, ct)) state.Report(report, DltDiagnostics.TypeNotPartial, typeLocation, type.Name, what);
            if (type.TypeParameters.Length > 0) state.Report(report, DltDiagnostics.TypeIsGeneric, typeLocation, type.Name, what);
        }

        if (sourceAttribute is null) return;
        var source = new AttributeArgs(sourceAttribute, typeLocation, ct);
        var sourceName = source.ConstructorString(0) ?? source.String("Name");
        if (sourceName is not null && Names.Table(sourceName) is null)
            state.Report(report, DltDiagnostics.EmptyName, source.HasConstructorArgument(0) ? source.ConstructorLocation(0) : source.NamedLocation("Name"),
                "Source name", sourceName, type.Name);
        if (source.String("SchemaContract") is { } sourceContract && Names.ContractMode(sourceContract) is null)
            state.Report(report, DltDiagnostics.SchemaContractInvalid, source.NamedLocation("SchemaContract"), sourceContract, type.Name);
        CheckResourceNames(state, report, type, sourceName ?? Names.Identifier(type.Name), resources, ct);
    }

    private static List<IMethodSymbol> ResourceMethods(INamedTypeSymbol type, KnownSymbols known) =>
        type.GetMembers().OfType<IMethodSymbol>().Where(m => KnownSymbols.Attribute(m, known.DltResourceAttribute) is not null).ToList();

    /// <summary>What the generator adds to <paramref name="type"/> or to the types nested in it; null when nothing.</summary>
    private static string? GeneratedMembers(INamedTypeSymbol type, KnownSymbols known)
    {
        if (KnownSymbols.Attribute(type, known.DltSourceAttribute) is not null) return "the Source() factory";
        var resources = ResourceMethods(type, known);
        if (resources.Count == 1) return $"the {resources[0].Name}Resource() factory";
        if (resources.Count > 1) return "the resource factories (" + string.Join(", ", resources.Select(r => r.Name + "Resource()")) + ")";
        foreach (var nested in type.GetTypeMembers())
            if (GeneratedMembers(nested, known) is { } inner) return $"{inner} of its nested type '{nested.Name}'";
        return null;
    }

    private static bool IsPartial(INamedTypeSymbol type, System.Threading.CancellationToken ct)
    {
        foreach (var reference in type.DeclaringSyntaxReferences)
            if (reference.GetSyntax(ct) is TypeDeclarationSyntax declaration && declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
                return true;
        return false;
    }

    private sealed record ResourceName(IMethodSymbol Method, string Name, string Table, string? NormalizedTable);

    /// <summary>Resource names must be unique in a source; table names that differ only in spelling load one table.</summary>
    private static void CheckResourceNames(AnalysisState state, Action<Diagnostic> report, INamedTypeSymbol type, string sourceName,
        List<IMethodSymbol> resources, System.Threading.CancellationToken ct)
    {
        var known = state.Known;
        var seen = new List<ResourceName>();
        foreach (var method in resources)
        {
            var args = new AttributeArgs(KnownSymbols.Attribute(method, known.DltResourceAttribute)!, method.Locations.FirstOrDefault() ?? Location.None, ct);
            var name = args.ConstructorString(0) ?? args.String("Name");
            if (name is null || name.Trim().Length == 0) name = Names.Identifier(method.Name);
            var table = args.String("TableName");
            if (string.IsNullOrWhiteSpace(table)) table = RowTableName(state, method, ct);
            if (string.IsNullOrWhiteSpace(table)) table = name;
            var current = new ResourceName(method, name!, table!, Names.Table(table!));
            var location = method.Locations.FirstOrDefault() ?? Location.None;
            foreach (var earlier in seen)
            {
                if (earlier.Name == current.Name)
                {
                    state.Report(report, DltDiagnostics.TableNameCollision, location, earlier.Method.Name, method.Name, sourceName,
                        $"both are named '{current.Name}', and resource names must be unique in a source; set Name on one of them");
                    break;
                }
                if (current.NormalizedTable is not null && earlier.NormalizedTable == current.NormalizedTable && earlier.Table != current.Table)
                {
                    state.Report(report, DltDiagnostics.TableNameCollision, location, earlier.Method.Name, method.Name, sourceName,
                        $"'{earlier.Table}' and '{current.Table}' both normalize to table '{current.NormalizedTable}'; " +
                        "give one another TableName, or the same TableName on both if they are meant to share the table");
                    break;
                }
            }
            seen.Add(current);
        }
    }

    /// <summary>The [DltTable] name of the rows a resource method yields, if it has one.</summary>
    private static string? RowTableName(AnalysisState state, IMethodSymbol method, System.Threading.CancellationToken ct)
    {
        if (method.ReturnType is not INamedTypeSymbol named) return null;
        var candidates = new List<INamedTypeSymbol> { named };
        candidates.AddRange(named.AllInterfaces);
        var sequence = candidates.FirstOrDefault(t => KnownSymbols.Is(t, state.Known.AsyncEnumerableOfT))
                       ?? candidates.FirstOrDefault(t => t.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T);
        if (sequence?.TypeArguments[0] is not INamedTypeSymbol row) return null;
        if (KnownSymbols.Attribute(row, state.Known.DltTableAttribute) is not { } attribute) return null;
        var args = new AttributeArgs(attribute, Location.None, ct);
        return args.ConstructorString(0) ?? args.String("Name");
    }
}
