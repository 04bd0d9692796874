using System;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DltNet.Generators.Parsing;

/// <summary>C# literals and expressions for values known at build time.</summary>
internal static class Literals
{
    /// <summary>Fully qualified names with <c>global::</c>, keywords for special types, and nullable reference annotations.</summary>
    public static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>Fully qualified names without nullable annotations.</summary>
    public static readonly SymbolDisplayFormat PlainTypeFormat = SymbolDisplayFormat.FullyQualifiedFormat;

    /// <summary>Namespace names as they are written in a namespace declaration.</summary>
    public static readonly SymbolDisplayFormat NamespaceFormat = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    public static string String(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

    public static string Bool(bool value) => value ? "true" : "false";

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Double(double value)
    {
        if (double.IsNaN(value)) return "double.NaN";
        if (double.IsPositiveInfinity(value)) return "double.PositiveInfinity";
        if (double.IsNegativeInfinity(value)) return "double.NegativeInfinity";
        return value.ToString("R", CultureInfo.InvariantCulture) + "d";
    }

    /// <summary>An identifier, escaped with <c>@</c> when it is a keyword.</summary>
    public static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) is SyntaxKind.AwaitKeyword
            ? "@" + name
            : name;

    /// <summary>The C# expression of a parameter's default value, or null when it has none or it cannot be written.</summary>
    public static string? DefaultValue(IParameterSymbol parameter)
    {
        if (!parameter.HasExplicitDefaultValue) return null;
        var type = parameter.Type;
        var value = parameter.ExplicitDefaultValue;
        if (value is null)
            return type.IsValueType && type.OriginalDefinition.SpecialType != SpecialType.System_Nullable_T ? "default" : "null";
        if (type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T && type is INamedTypeSymbol nullable)
            type = nullable.TypeArguments[0];
        if (type.TypeKind == TypeKind.Enum)
            return "(" + type.ToDisplayString(PlainTypeFormat) + ")(" + Constant(value) + ")";
        return Constant(value);
    }

    private static string Constant(object value) => value switch
    {
        string s => String(s),
        char c => SymbolDisplay.FormatLiteral(c, quote: true),
        bool b => Bool(b),
        float f => float.IsNaN(f) ? "float.NaN" : float.IsPositiveInfinity(f) ? "float.PositiveInfinity" : float.IsNegativeInfinity(f) ? "float.NegativeInfinity"
            : f.ToString("R", CultureInfo.InvariantCulture) + "f",
        double d => Double(d),
        decimal m => m.ToString(CultureInfo.InvariantCulture) + "m",
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        ulong ul => ul.ToString(CultureInfo.InvariantCulture) + "UL",
        uint ui => ui.ToString(CultureInfo.InvariantCulture) + "U",
        int i => i.ToString(CultureInfo.InvariantCulture),
        short s => "(short)" + s.ToString(CultureInfo.InvariantCulture),
        ushort us => "(ushort)" + us.ToString(CultureInfo.InvariantCulture),
        byte b => "(byte)" + b.ToString(CultureInfo.InvariantCulture),
        sbyte sb => "(sbyte)" + sb.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "default",
    };

    /// <summary>
    /// The expression of an incremental cursor value given as a string in <c>[DltIncremental]</c>, checked here so that a
    /// value that does not parse is reported at build time; null when it does not parse or the type is not supported.
    /// </summary>
    public static string? CursorValue(ITypeSymbol cursorType, string text)
    {
        var typeName = cursorType.ToDisplayString(PlainTypeFormat);
        const NumberStyles integer = NumberStyles.AllowLeadingSign;
        const NumberStyles real = NumberStyles.Float;
        var inv = CultureInfo.InvariantCulture;
        switch (cursorType.SpecialType)
        {
            case SpecialType.System_String:
                return String(text);
            case SpecialType.System_Int64:
                return long.TryParse(text, integer, inv, out var l) ? l.ToString(inv) + "L" : null;
            case SpecialType.System_Int32:
                return int.TryParse(text, integer, inv, out var i) ? i.ToString(inv) : null;
            case SpecialType.System_Int16:
                return short.TryParse(text, integer, inv, out var s) ? "(short)" + s.ToString(inv) : null;
            case SpecialType.System_Double:
                return double.TryParse(text, real, inv, out var d) && !double.IsNaN(d) && !double.IsInfinity(d) ? Double(d) : null;
            case SpecialType.System_Decimal:
                return decimal.TryParse(text, real, inv, out var m) ? m.ToString(inv) + "m" : null;
            case SpecialType.System_DateTime:
                return DateTime.TryParse(text, inv, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out _)
                    ? "global::System.DateTime.Parse(" + String(text) + ", global::System.Globalization.CultureInfo.InvariantCulture, global::System.Globalization.DateTimeStyles.AdjustToUniversal | global::System.Globalization.DateTimeStyles.AssumeUniversal)"
                    : null;
        }
        switch (typeName)
        {
            case "global::System.DateTimeOffset":
                return DateTimeOffset.TryParse(text, inv, DateTimeStyles.AssumeUniversal, out _)
                    ? "global::System.DateTimeOffset.Parse(" + String(text) + ", global::System.Globalization.CultureInfo.InvariantCulture, global::System.Globalization.DateTimeStyles.AssumeUniversal)"
                    : null;
            case "global::System.DateOnly":
                return DateTime.TryParseExact(text, "yyyy-MM-dd", inv, DateTimeStyles.None, out _)
                    ? "global::System.DateOnly.ParseExact(" + String(text) + ", \"yyyy-MM-dd\", global::System.Globalization.CultureInfo.InvariantCulture)"
                    : null;
        }
        return null;
    }

    /// <summary>The expression of an ISO-8601 timestamp, or null when it does not parse.</summary>
    public static string? Timestamp(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)
            ? "global::System.DateTimeOffset.Parse(" + String(text) + ", global::System.Globalization.CultureInfo.InvariantCulture, global::System.Globalization.DateTimeStyles.AssumeUniversal)"
            : null;

    public static string Accessibility(Accessibility accessibility) => accessibility switch
    {
        Microsoft.CodeAnalysis.Accessibility.Public => "public",
        Microsoft.CodeAnalysis.Accessibility.Internal => "internal",
        Microsoft.CodeAnalysis.Accessibility.Protected => "protected",
        Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal => "protected internal",
        Microsoft.CodeAnalysis.Accessibility.ProtectedAndInternal => "private protected",
        _ => "private",
    };
}
