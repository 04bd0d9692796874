using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DltNet.Generators.Helpers;
using DltNet.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DltNet.Generators.Parsing;

/// <summary>
/// Turns the symbols behind the marker attributes into specs. Nothing that can fail in user code throws here:
/// what cannot be modelled is left out and reported.
/// </summary>
internal static class Parser
{
    // ------------------------------------------------------------------ [DltTable] row types

    public static ParseResult<RowTypeSpec> ParseTable(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        if (context.TargetSymbol is not INamedTypeSymbol type)
            return new ParseResult<RowTypeSpec>(null, EquatableArray<RowTypeSpec>.Empty, EquatableArray<DiagnosticInfo>.Empty);
        var known = KnownTypeSymbols.Get(context.SemanticModel.Compilation);
        var collector = new RowTypeCollector(known, diagnostics, cancellationToken);
        if (collector.WhyNotRowType(type) is { } reason)
        {
            diagnostics.Add(Diagnostic(GeneratorDiagnostics.RowTypeNotGenerated, type, type.ToDisplayString(), reason));
            return new ParseResult<RowTypeSpec>(null, EquatableArray<RowTypeSpec>.Empty, diagnostics.ToEquatableArray());
        }
        var name = collector.Add(type);
        var rowTypes = collector.Build();
        var spec = rowTypes.First(r => r.FullyQualifiedName == name);
        return new ParseResult<RowTypeSpec>(spec, rowTypes, diagnostics.ToEquatableArray());
    }

    // ------------------------------------------------------------------ [DltResource] methods

    public static ParseResult<ResourceSpec> ParseResource(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        if (context.TargetSymbol is not IMethodSymbol method)
            return new ParseResult<ResourceSpec>(null, EquatableArray<RowTypeSpec>.Empty, EquatableArray<DiagnosticInfo>.Empty);
        var known = KnownTypeSymbols.Get(context.SemanticModel.Compilation);
        var collector = new RowTypeCollector(known, diagnostics, cancellationToken);
        var spec = ReadResource(method, known, collector, cancellationToken, out var failure);
        if (spec is null)
        {
            diagnostics.Add(Diagnostic(GeneratorDiagnostics.ResourceNotGenerated, method, MethodDisplay(method), failure!));
            return new ParseResult<ResourceSpec>(null, EquatableArray<RowTypeSpec>.Empty, diagnostics.ToEquatableArray());
        }
        return new ParseResult<ResourceSpec>(spec, collector.Build(), diagnostics.ToEquatableArray());
    }

    private static ResourceSpec? ReadResource(IMethodSymbol method, KnownTypeSymbols known, RowTypeCollector collector,
        CancellationToken cancellationToken, out string? failure)
    {
        failure = null;
        var attribute = method.GetAttributes().FirstOrDefault(a => KnownTypeSymbols.Is(a.AttributeClass, known.DltResourceAttribute));
        if (attribute is null) { failure = "the [DltResource] attribute was not found"; return null; }
        if (method.MethodKind != MethodKind.Ordinary) { failure = "only ordinary methods can be resources"; return null; }
        if (method.IsGenericMethod) { failure = "generic methods are not supported; declare the row type explicitly"; return null; }
        if (method.ContainingType is not { } owner) { failure = "the method has no containing type"; return null; }
        var containing = ReadContainingType(owner, cancellationToken, out failure);
        if (containing is null) return null;

        var overloads = owner.GetMembers(method.Name).OfType<IMethodSymbol>()
            .Count(m => m.GetAttributes().Any(a => KnownTypeSymbols.Is(a.AttributeClass, known.DltResourceAttribute)));
        if (overloads > 1) { failure = $"more than one [DltResource] method is named '{method.Name}'; give the overloads different names"; return null; }
        var factoryName = method.Name + "Resource";
        if (owner.GetMembers(factoryName).Length > 0) { failure = $"'{owner.Name}' already has a member named '{factoryName}'"; return null; }

        // the item type: IAsyncEnumerable<T> wins over IEnumerable<T>
        var (itemType, isAsync) = ItemTypeOf(method.ReturnType, known);
        if (itemType is null) { failure = "it returns neither IEnumerable<T> nor IAsyncEnumerable<T>"; return null; }

        var args = new AttributeArgs(attribute);
        INamedTypeSymbol? rowType = null;
        string? rowClass = null;
        var itemValue = collector.Classify(itemType, NullableAnnotation.NotAnnotated, null);
        var rowSymbol = itemType.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T && itemType is INamedTypeSymbol nullableItem
            ? nullableItem.TypeArguments[0]
            : itemType;
        if (itemValue.Kind == ValueKind.Object && rowSymbol is INamedTypeSymbol named)
        {
            rowType = named;
            rowClass = itemValue.RowClass;
        }

        // parameters
        var parameters = new List<ParameterSpec>();
        var incrementals = 0;
        foreach (var p in method.Parameters)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (p.RefKind != RefKind.None) { failure = $"parameter '{p.Name}' is passed by reference ({p.RefKind.ToString().ToLowerInvariant()}), which a factory cannot capture"; return null; }
            if (p.Type.IsRefLikeType) { failure = $"parameter '{p.Name}' is a ref struct, which a factory cannot capture"; return null; }
            var name = Literals.Identifier(p.Name);
            var typeName = p.Type.ToDisplayString(Literals.TypeFormat);
            var incrementalAttribute = p.GetAttributes().FirstOrDefault(a => KnownTypeSymbols.Is(a.AttributeClass, known.DltIncrementalAttribute));
            var isIncrementalType = KnownTypeSymbols.Is(p.Type, known.IncrementalOfT) || KnownTypeSymbols.Is(p.Type, known.Incremental);
            if (KnownTypeSymbols.Is(p.Type, known.CancellationToken))
            {
                parameters.Add(new ParameterSpec(name, typeName, ParameterRole.CancellationToken, null, null));
            }
            else if (incrementalAttribute is not null)
            {
                if (!KnownTypeSymbols.Is(p.Type, known.IncrementalOfT) || p.Type is not INamedTypeSymbol incrementalType)
                { failure = $"[DltIncremental] parameter '{p.Name}' is not an Incremental<T>"; return null; }
                var incremental = ReadIncremental(new AttributeArgs(incrementalAttribute), incrementalType.TypeArguments[0], rowType, collector, p.Name, out failure);
                if (incremental is null) return null;
                parameters.Add(new ParameterSpec(name, typeName, ParameterRole.Incremental, null, incremental));
                incrementals++;
            }
            else if (isIncrementalType)
            {
                parameters.Add(new ParameterSpec(name, typeName, ParameterRole.IncrementalValue, Literals.DefaultValue(p), null));
                incrementals++;
            }
            else
            {
                parameters.Add(new ParameterSpec(name, typeName, ParameterRole.Value, Literals.DefaultValue(p), null));
            }
        }
        if (incrementals > 1) { failure = "a resource takes at most one incremental cursor"; return null; }

        var table = rowType is null ? TableHintsSpec.None : collector.TableHintsOf(rowType);
        var hints = ReadResourceHints(args, table, rowType, collector, out failure);
        if (hints is null) return null;

        var sourceNesting = owner.GetAttributes().FirstOrDefault(a => KnownTypeSymbols.Is(a.AttributeClass, known.DltSourceAttribute)) is { } source
            && new AttributeArgs(source).Int("MaxTableNesting") is { } sn && sn >= 0 ? sn : (int?)null;
        var nesting = hints.MaxTableNesting ?? table.MaxTableNesting ?? sourceNesting;
        hints = hints with { MaxTableNesting = nesting };
        TableSetSpec? tables = null;
        if (rowType is not null && nesting != table.MaxTableNesting)
        {
            // the row type's own schema serves when the other nesting limit does not change its tables
            var own = collector.TablesFor(rowType, nesting);
            if (!own.Tables.Equals(collector.TablesFor(rowType, table.MaxTableNesting).Tables)) tables = own;
        }

        var resourceName = args.ConstructorString(0) ?? args.String("Name");
        if (string.IsNullOrWhiteSpace(resourceName)) resourceName = Names.Identifier(method.Name);
        var hintName = containing.FullyQualifiedName.Substring("global::".Length) + "." + method.Name + ".DltResource.g.cs";
        return new ResourceSpec(containing, hintName, method.Name, factoryName, Literals.Accessibility(method.DeclaredAccessibility), method.IsStatic, isAsync,
            rowClass, resourceName!, parameters.ToEquatableArray(), hints, tables);
    }

    private static (ITypeSymbol? Item, bool IsAsync) ItemTypeOf(ITypeSymbol returnType, KnownTypeSymbols known)
    {
        if (returnType is not INamedTypeSymbol named) return (null, false);
        IEnumerable<INamedTypeSymbol> Self() => new[] { named };
        var candidates = Self().Concat(named.AllInterfaces).ToList();
        var asyncEnumerable = candidates.FirstOrDefault(t => KnownTypeSymbols.Is(t, known.AsyncEnumerableOfT));
        if (asyncEnumerable is not null) return (asyncEnumerable.TypeArguments[0], true);
        if (named.SpecialType == SpecialType.System_String) return (null, false);
        var enumerable = candidates.FirstOrDefault(t => t.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T);
        return enumerable is null ? (null, false) : (enumerable.TypeArguments[0], false);
    }

    private static IncrementalSpec? ReadIncremental(AttributeArgs args, ITypeSymbol cursorType, INamedTypeSymbol? rowType, RowTypeCollector collector,
        string parameterName, out string? failure)
    {
        failure = null;
        var path = args.ConstructorString(0);
        if (string.IsNullOrWhiteSpace(path)) { failure = $"[DltIncremental] on '{parameterName}' has no cursor path"; return null; }
        if (rowType is not null) path = collector.PathOf(rowType, path!);

        string? Value(string name)
        {
            if (args.String(name) is not { } text) return null;
            return Literals.CursorValue(cursorType, text);
        }
        var initial = Value("InitialValue");
        if (args.String("InitialValue") is { } iv && initial is null)
        { failure = $"InitialValue \"{iv}\" of '{parameterName}' cannot be read as {cursorType.ToDisplayString()}"; return null; }
        var end = Value("EndValue");
        if (args.String("EndValue") is { } ev && end is null)
        { failure = $"EndValue \"{ev}\" of '{parameterName}' cannot be read as {cursorType.ToDisplayString()}"; return null; }
        if (end is not null && initial is null) { failure = $"EndValue of '{parameterName}' needs an InitialValue"; return null; }

        var lastValueFunc = args.String("LastValueFunc");
        if (lastValueFunc is not null && lastValueFunc is not ("max" or "min"))
        { failure = $"LastValueFunc \"{lastValueFunc}\" of '{parameterName}' is neither \"max\" nor \"min\""; return null; }
        var rowOrder = args.String("RowOrder");
        if (rowOrder is not null && rowOrder is not ("asc" or "desc"))
        { failure = $"RowOrder \"{rowOrder}\" of '{parameterName}' is neither \"asc\" nor \"desc\""; return null; }
        var missing = args.String("OnCursorValueMissing");
        if (missing is not null && missing is not ("raise" or "include" or "exclude"))
        { failure = $"OnCursorValueMissing \"{missing}\" of '{parameterName}' is not raise, include or exclude"; return null; }
        EquatableArray<string>? primaryKey = args.Strings("PrimaryKey") is { } keys
            ? keys.Select(k => rowType is null ? k : collector.KeyOf(rowType, k)).ToEquatableArray()
            : null;
        var lag = args.Double("Lag") is { } l ? Literals.Double(l) : null;
        return new IncrementalSpec(cursorType.ToDisplayString(Literals.TypeFormat), path!, initial, end,
            lastValueFunc == "max" ? null : lastValueFunc, primaryKey, lag, rowOrder, missing == "raise" ? null : missing);
    }

    private static ResourceHintsSpec? ReadResourceHints(AttributeArgs args, TableHintsSpec table, INamedTypeSymbol? rowType, RowTypeCollector collector, out string? failure)
    {
        failure = null;
        var writeDisposition = args.EnumName("WriteDisposition") ?? table.WriteDisposition;
        var strategy = args.EnumName("MergeStrategy") ?? (args.Has("WriteDisposition") ? null : table.MergeStrategy);
        if (strategy is not null && writeDisposition is null) writeDisposition = "Merge";
        if (strategy is not null && writeDisposition != "Merge")
        { failure = $"MergeStrategy {strategy} needs WriteDisposition = Merge, not {writeDisposition}"; return null; }

        var validFrom = args.String("ValidFromColumn");
        var validTo = args.String("ValidToColumn");
        var rowVersion = args.String("RowVersionColumn");
        var activeText = args.String("ActiveRecordTimestamp");
        string? active = null;
        if (activeText is not null)
        {
            active = Literals.Timestamp(activeText);
            if (active is null) { failure = $"ActiveRecordTimestamp \"{activeText}\" is not an ISO-8601 timestamp"; return null; }
        }
        if ((validFrom ?? validTo ?? rowVersion ?? activeText) is not null && strategy != "Scd2")
        { failure = "ValidFromColumn, ValidToColumn, RowVersionColumn and ActiveRecordTimestamp are scd2 options; set MergeStrategy = Scd2"; return null; }
        if (rowVersion is not null && rowType is not null) rowVersion = collector.KeyOf(rowType, rowVersion);

        var contract = args.String("SchemaContract") ?? table.SchemaContract;
        if (contract is not null && Names.SchemaContractMode(contract) is null)
        { failure = $"SchemaContract \"{contract}\" is not a mode (evolve, freeze, discard_row, discard_value)"; return null; }

        EquatableArray<string>? Keys(string name) => args.Strings(name) is { } keys
            ? keys.Select(k => rowType is null ? k : collector.KeyOf(rowType, k)).ToEquatableArray()
            : null;
        var nesting = args.Int("MaxTableNesting") is { } n && n >= 0 ? n : (int?)null;
        var tableName = args.String("TableName") ?? table.TableName;
        return new ResourceHintsSpec(string.IsNullOrWhiteSpace(tableName) ? null : tableName, writeDisposition, strategy, validFrom, validTo, rowVersion, active,
            Keys("PrimaryKey"), Keys("MergeKey"), nesting, contract, args.String("FileFormat") ?? table.FileFormat, args.String("TableFormat") ?? table.TableFormat,
            args.Bool("Selected") ?? true);
    }

    // ------------------------------------------------------------------ [DltSource] classes

    public static ParseResult<SourceSpec> ParseSource(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        if (context.TargetSymbol is not INamedTypeSymbol type)
            return new ParseResult<SourceSpec>(null, EquatableArray<RowTypeSpec>.Empty, EquatableArray<DiagnosticInfo>.Empty);
        var known = KnownTypeSymbols.Get(context.SemanticModel.Compilation);
        var spec = ReadSource(type, known, cancellationToken, out var failure);
        if (spec is null)
            diagnostics.Add(Diagnostic(GeneratorDiagnostics.SourceNotGenerated, type, type.ToDisplayString(), failure!));
        return new ParseResult<SourceSpec>(spec, EquatableArray<RowTypeSpec>.Empty, diagnostics.ToEquatableArray());
    }

    private static SourceSpec? ReadSource(INamedTypeSymbol type, KnownTypeSymbols known, CancellationToken cancellationToken, out string? failure)
    {
        var containing = ReadContainingType(type, cancellationToken, out failure);
        if (containing is null) return null;
        var attribute = type.GetAttributes().First(a => KnownTypeSymbols.Is(a.AttributeClass, known.DltSourceAttribute));
        var args = new AttributeArgs(attribute);
        if (type.GetMembers("Source").Length > 0) { failure = $"'{type.Name}' already has a member named 'Source'"; return null; }
        var contract = args.String("SchemaContract");
        if (contract is not null && Names.SchemaContractMode(contract) is null)
        { failure = $"SchemaContract \"{contract}\" is not a mode (evolve, freeze, discard_row, discard_value)"; return null; }

        // the resources the resource pipeline generates factories for, in declaration order
        var resources = new List<SourceResourceSpec>();
        var union = new List<ParameterSpec>();
        var allPublic = true;
        var allStatic = true;
        foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!method.GetAttributes().Any(a => KnownTypeSymbols.Is(a.AttributeClass, known.DltResourceAttribute))) continue;
            // parsed again only for the factory's signature; the resource step reports its diagnostics
            var resource = ReadResource(method, known, new RowTypeCollector(known, new List<DiagnosticInfo>(), cancellationToken), cancellationToken, out _);
            if (resource is null) continue;
            var arguments = new List<string>();
            foreach (var p in resource.Parameters)
            {
                if (p.Role is not (ParameterRole.Value or ParameterRole.IncrementalValue)) continue;
                var existing = union.FirstOrDefault(u => u.Name == p.Name);
                if (existing is null) union.Add(p);
                else if (existing.TypeName != p.TypeName)
                {
                    failure = $"parameter '{p.Name}' has type {existing.TypeName} in one resource and {p.TypeName} in another; rename one of them";
                    return null;
                }
                else if (existing.DefaultValue != p.DefaultValue)
                {
                    union[union.IndexOf(existing)] = existing with { DefaultValue = null };
                }
                arguments.Add(p.Name);
            }
            resources.Add(new SourceResourceSpec(resource.FactoryName, resource.IsStatic, arguments.ToEquatableArray()));
            allPublic &= resource.Accessibility == "public";
            allStatic &= resource.IsStatic;
        }
        // required parameters before optional ones, each group in order of first appearance
        var parameters = union.Where(p => p.DefaultValue is null).Concat(union.Where(p => p.DefaultValue is not null)).ToEquatableArray();
        var name = args.ConstructorString(0) ?? args.String("Name");
        if (string.IsNullOrWhiteSpace(name)) name = Names.Identifier(type.Name);
        var nesting = args.Int("MaxTableNesting") is { } n && n >= 0 ? n : (int?)null;
        var hintName = containing.FullyQualifiedName.Substring("global::".Length) + ".DltSource.g.cs";
        return new SourceSpec(containing, hintName, name!, allPublic ? "public" : "internal", allStatic, parameters, resources.ToEquatableArray(),
            nesting, contract, args.Bool("RootKey") == true);
    }

    // ------------------------------------------------------------------ shared

    private static ContainingTypeSpec? ReadContainingType(INamedTypeSymbol type, CancellationToken cancellationToken, out string? failure)
    {
        failure = null;
        var chain = new List<TypeDeclarationSpec>();
        for (var t = type; t is not null; t = t.ContainingType)
        {
            if (t.TypeParameters.Length > 0) { failure = $"'{t.Name}' is generic, which the generator does not support"; return null; }
            if (t.TypeKind is not (TypeKind.Class or TypeKind.Struct)) { failure = $"'{t.Name}' is not a class, record or struct"; return null; }
            var declarations = t.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<TypeDeclarationSyntax>().ToList();
            if (declarations.Count == 0 || !declarations.Any(d => d.Modifiers.Any(m => m.IsKind(SyntaxKind.PartialKeyword))))
            { failure = $"'{t.Name}' is not partial; declare it 'partial' so the generated members can be added"; return null; }
            var keyword = declarations[0] switch
            {
                RecordDeclarationSyntax r => r.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record",
                StructDeclarationSyntax => "struct",
                _ => "class",
            };
            chain.Insert(0, new TypeDeclarationSpec(keyword, Literals.Identifier(t.Name)));
        }
        var ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString(Literals.NamespaceFormat) : "";
        return new ContainingTypeSpec(ns, chain.ToEquatableArray(), type.ToDisplayString(Literals.PlainTypeFormat));
    }

    private static string MethodDisplay(IMethodSymbol method) => method.ContainingType is { } t ? t.Name + "." + method.Name : method.Name;

    private static DiagnosticInfo Diagnostic(DiagnosticDescriptor descriptor, ISymbol symbol, params string[] args) =>
        new(descriptor.Id, args.ToEquatableArray(), LocationInfo.From(symbol.Locations.FirstOrDefault()));
}
