using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using DltNet.Generators.Emitting;
using DltNet.Generators.Helpers;
using DltNet.Generators.Model;
using DltNet.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DltNet.Generators;

/// <summary>
/// The dlt source generator. It reads <c>[DltResource]</c> methods, <c>[DltSource]</c> classes and <c>[DltTable]</c> types and emits:
/// per row type a class with its table schema as static data and a reflection-free row converter registered at module load;
/// per resource method a <c>{Method}Resource(...)</c> factory; per source class a <c>Source(...)</c> factory.
/// Pipeline: ForAttributeWithMetadataName (cheap syntax predicate) → parser → value-equatable specs → emitters;
/// diagnostics go through their own output so that moving code re-reports without re-emitting.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class DltGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var resources = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownTypeSymbols.DltResourceAttributeName,
                static (node, _) => node is MethodDeclarationSyntax { AttributeLists.Count: > 0 },
                static (ctx, ct) => Parser.ParseResource(ctx, ct))
            .WithTrackingName(DltGeneratorStepNames.ResourceMethods);

        var sources = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownTypeSymbols.DltSourceAttributeName,
                static (node, _) => node is ClassDeclarationSyntax { AttributeLists.Count: > 0 } or RecordDeclarationSyntax { AttributeLists.Count: > 0 } or StructDeclarationSyntax { AttributeLists.Count: > 0 },
                static (ctx, ct) => Parser.ParseSource(ctx, ct))
            .WithTrackingName(DltGeneratorStepNames.SourceClasses);

        var tables = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownTypeSymbols.DltTableAttributeName,
                static (node, _) => node is ClassDeclarationSyntax { AttributeLists.Count: > 0 } or RecordDeclarationSyntax { AttributeLists.Count: > 0 } or StructDeclarationSyntax { AttributeLists.Count: > 0 },
                static (ctx, ct) => Parser.ParseTable(ctx, ct))
            .WithTrackingName(DltGeneratorStepNames.TableTypes);

        // hint names must be unique ignoring case (Issues and issues are two methods, but one file name): files are named
        // after all specs of a kind, each output still cached per spec

        // resource factories
        var resourceSpecs = resources
            .Where(static r => r.Spec is not null)
            .Select(static (r, _) => r.Spec!)
            .Collect()
            .SelectMany(static (all, _) => UniqueHintNames(all, static r => r.HintName, static (r, name) => r with { HintName = name }))
            .WithTrackingName(DltGeneratorStepNames.ResourceSpecs);
        context.RegisterSourceOutput(resourceSpecs, static (spc, spec) => spc.AddSource(spec.HintName, ResourceEmitter.Emit(spec)));

        // source factories
        var sourceSpecs = sources
            .Where(static s => s.Spec is not null)
            .Select(static (s, _) => s.Spec!)
            .Collect()
            .SelectMany(static (all, _) => UniqueHintNames(all, static s => s.HintName, static (s, name) => s with { HintName = name }))
            .WithTrackingName(DltGeneratorStepNames.SourceSpecs);
        context.RegisterSourceOutput(sourceSpecs, static (spc, spec) => spc.AddSource(spec.HintName, SourceEmitter.Emit(spec)));

        // row types: those resources return and reach, and [DltTable] types; one class per type however often it is reached
        var rowTypes = resources.Select(static (r, _) => r.RowTypes).Collect()
            .Combine(tables.Select(static (t, _) => t.RowTypes).Collect())
            .Select(static (all, _) => MergeRowTypes(all.Left.Concat(all.Right)))
            .WithTrackingName(DltGeneratorStepNames.RowTypes)
            .SelectMany(static (all, _) => UniqueHintNames(all, static r => r.HintName, static (r, name) => r with { HintName = name }))
            .WithTrackingName(DltGeneratorStepNames.RowTypeSpecs);
        context.RegisterSourceOutput(rowTypes, static (spc, spec) => spc.AddSource(spec.HintName, RowTypeEmitter.Emit(spec)));

        // diagnostics, separately from the sources
        var diagnostics = resources.Select(static (r, _) => r.Diagnostics).Collect()
            .Combine(sources.Select(static (s, _) => s.Diagnostics).Collect())
            .Combine(tables.Select(static (t, _) => t.Diagnostics).Collect())
            .Select(static (all, _) => all.Left.Left.Concat(all.Left.Right).Concat(all.Right).SelectMany(d => d).Distinct().ToEquatableArray())
            .WithTrackingName(DltGeneratorStepNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (spc, all) =>
        {
            foreach (var d in all) spc.ReportDiagnostic(d.ToDiagnostic());
        });
    }

    /// <summary>Specs in a deterministic order, each with a hint name no other spec has when case is ignored.</summary>
    private static ImmutableArray<T> UniqueHintNames<T>(IEnumerable<T> specs, Func<T, string> hintName, Func<T, string, T> withHintName)
    {
        const string Suffix = ".g.cs";
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = ImmutableArray.CreateBuilder<T>();
        foreach (var spec in specs.OrderBy(hintName, StringComparer.Ordinal))
        {
            var name = hintName(spec);
            var stem = name.EndsWith(Suffix, StringComparison.Ordinal) ? name.Substring(0, name.Length - Suffix.Length) : name;
            for (var i = 2; !used.Add(name); i++) name = stem + "." + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + Suffix;
            result.Add(name == hintName(spec) ? spec : withHintName(spec, name));
        }
        return result.ToImmutable();
    }

    private static EquatableArray<RowTypeSpec> MergeRowTypes(IEnumerable<EquatableArray<RowTypeSpec>> groups)
    {
        var byName = new SortedDictionary<string, RowTypeSpec>(StringComparer.Ordinal);
        foreach (var group in groups)
            foreach (var row in group)
                if (!byName.ContainsKey(row.FullyQualifiedName)) byName.Add(row.FullyQualifiedName, row);
        return byName.Values.ToEquatableArray();
    }
}
