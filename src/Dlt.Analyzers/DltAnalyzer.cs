using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DltNet.Analyzers;

/// <summary>
/// Checks <c>[DltResource]</c> methods, <c>[DltSource]</c> classes and <c>[DltTable]</c> row types at build time: the mistakes
/// the runtime would otherwise report during a load (keys and cursors naming no member, types that cannot be stored,
/// merge strategies without keys, names that clash after normalization, types the generator cannot extend).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DltAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => DltDiagnostics.All;

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            var known = KnownSymbols.Create(start.Compilation);
            if (!known.HasDlt) return;
            var state = new AnalysisState(known, new RowModel(known, start.Compilation), start.Compilation);
            start.RegisterSymbolAction(c => ResourceChecks.Analyze(state, c), SymbolKind.Method);
            start.RegisterSymbolAction(c => TypeChecks.Analyze(state, c), SymbolKind.NamedType);
        });
    }
}

/// <summary>What the checks of one compilation share: known symbols, the row model, and the diagnostics already reported.</summary>
internal sealed class AnalysisState(KnownSymbols known, RowModel model, Compilation compilation)
{
    private readonly ConcurrentDictionary<string, byte> _reported = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<ITypeSymbol, byte>> _claims = new(StringComparer.Ordinal);

    public KnownSymbols Known => known;
    public RowModel Model => model;

    /// <summary>True the first time <paramref name="type"/> is claimed for the checks named <paramref name="kind"/> in this compilation.</summary>
    public bool Claim(string kind, ITypeSymbol type) =>
        _claims.GetOrAdd(kind, static _ => new ConcurrentDictionary<ITypeSymbol, byte>(SymbolEqualityComparer.Default)).TryAdd(type, 0);

    /// <summary>A location diagnostics may use: <paramref name="preferred"/> when it is in this compilation's source, else <paramref name="fallback"/>.</summary>
    public Location Usable(Location? preferred, Location fallback) =>
        preferred is { IsInSource: true, SourceTree: { } tree } && compilation.ContainsSyntaxTree(tree) ? preferred : fallback;

    /// <summary>Reports a diagnostic once per compilation (a row type reached from two resources is reported once).</summary>
    public void Report(Action<Diagnostic> report, DiagnosticDescriptor descriptor, Location location, params object?[] args) =>
        Report(report, descriptor, location, null, args);

    public void Report(Action<Diagnostic> report, DiagnosticDescriptor descriptor, Location location, ImmutableDictionary<string, string?>? properties,
        params object?[] args)
    {
        var diagnostic = Diagnostic.Create(descriptor, location, properties, args);
        var key = descriptor.Id + "|" + location.SourceTree?.FilePath + "|" + location.SourceSpan.Start.ToString(CultureInfo.InvariantCulture)
                  + "|" + diagnostic.GetMessage(CultureInfo.InvariantCulture);
        if (_reported.TryAdd(key, 0)) report(diagnostic);
    }
}
