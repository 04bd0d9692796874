using DltNet.Generators.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace DltNet.Generators.Model;

/// <summary>Where a diagnostic points, as plain values (a <see cref="Location"/> would keep the syntax tree alive).</summary>
internal sealed record LocationInfo(string FilePath, int Start, int Length, int StartLine, int StartCharacter, int EndLine, int EndCharacter)
{
    public Location ToLocation() => Location.Create(FilePath, new TextSpan(Start, Length),
        new LinePositionSpan(new LinePosition(StartLine, StartCharacter), new LinePosition(EndLine, EndCharacter)));

    public static LocationInfo? From(Location? location)
    {
        if (location is null || !location.IsInSource) return null;
        var span = location.GetLineSpan();
        return new LocationInfo(span.Path, location.SourceSpan.Start, location.SourceSpan.Length,
            span.StartLinePosition.Line, span.StartLinePosition.Character, span.EndLinePosition.Line, span.EndLinePosition.Character);
    }
}

/// <summary>A diagnostic to report: descriptor id, message arguments and location.</summary>
internal sealed record DiagnosticInfo(string Id, EquatableArray<string> Arguments, LocationInfo? Location)
{
    public Diagnostic ToDiagnostic()
    {
        var descriptor = GeneratorDiagnostics.Find(Id);
        // ReSharper disable once CoVariantArrayConversion
        object?[] args = new object?[Arguments.Count];
        for (var i = 0; i < args.Length; i++) args[i] = Arguments[i];
        return Diagnostic.Create(descriptor, Location?.ToLocation(), args);
    }
}

/// <summary>What a parse step produced: the spec (null when nothing could be modelled), the row types it needs, and diagnostics.</summary>
internal sealed record ParseResult<T>(T? Spec, EquatableArray<RowTypeSpec> RowTypes, EquatableArray<DiagnosticInfo> Diagnostics)
    where T : class;
