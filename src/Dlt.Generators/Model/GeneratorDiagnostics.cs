using System;
using Microsoft.CodeAnalysis;

namespace DltNet.Generators.Model;

/// <summary>
/// Diagnostics of the generator: it reports what it skipped and why, and generates the rest.
/// Mistakes in the attributes themselves are the analyzers' job (DLTxxxx rules). Documented in docs/typed-pipelines.md.
/// </summary>
internal static class GeneratorDiagnostics
{
    private const string Category = "DltGenerator";

    public static readonly DiagnosticDescriptor ResourceNotGenerated = new(
        "DLTG001", "Resource factory not generated",
        "The resource factory for '{0}' is not generated: {1}",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor SourceNotGenerated = new(
        "DLTG002", "Source factory not generated",
        "The Source() factory of '{0}' is not generated: {1}",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor RowTypeNotGenerated = new(
        "DLTG003", "Row type not generated",
        "'{0}' gets no generated table schema or row converter: {1}",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor MemberSkipped = new(
        "DLTG004", "Member not fully modelled",
        "Member '{0}' of '{1}': {2}",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static DiagnosticDescriptor Find(string id) => id switch
    {
        "DLTG001" => ResourceNotGenerated,
        "DLTG002" => SourceNotGenerated,
        "DLTG003" => RowTypeNotGenerated,
        "DLTG004" => MemberSkipped,
        _ => throw new ArgumentException("Unknown diagnostic id " + id, nameof(id)),
    };
}
