using System;
using System.Globalization;
using DltNet.Schema;
using Microsoft.CodeAnalysis;

namespace DltNet.Analyzers;

/// <summary>Names and literal values as the runtime reads them (NamingRules is the runtime's own file, linked in).</summary>
internal static class Names
{
    /// <summary>A resource or source name from a method or class name: snake_case of the stripped name (as the generator derives it).</summary>
    public static string Identifier(string name)
    {
        var stripped = NamingRules.PythonStrip(name);
        return stripped.Length == 0 ? "_empty" : NamingRules.ToSnakeCase(stripped);
    }

    /// <summary>A table name normalized as NamingConvention.NormalizeTableIdentifier does (no shortening); null when empty.</summary>
    public static string? Table(string name)
    {
        var stripped = NamingRules.PythonStrip(name);
        return stripped.Length == 0 ? null : NamingRules.ToSnakeCase(stripped);
    }

    /// <summary>The schema contract mode, as SchemaContract.ParseMode reads it; null when it is not one.</summary>
    public static string? ContractMode(string value) => value.Trim().ToLowerInvariant() switch
    {
        "evolve" => "evolve",
        "freeze" => "freeze",
        "discard_row" or "discard-row" or "discardrow" => "discard_row",
        "discard_value" or "discard-value" or "discardvalue" => "discard_value",
        _ => null,
    };

    /// <summary>Whether an ISO-8601 timestamp parses (as the generator and WriteDisposition read ActiveRecordTimestamp).</summary>
    public static bool IsTimestamp(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);

    /// <summary>The cursor types whose InitialValue/EndValue the generator can write as literals.</summary>
    public const string CursorValueTypes = "string, long, int, short, double, decimal, DateTime, DateTimeOffset or DateOnly";

    /// <summary>
    /// Parses a cursor value given as text for the cursor type, the way the generator writes it. Returns null when it parses,
    /// else why not. <paramref name="comparable"/> is the parsed value for ordering checks (null for unsupported types).
    /// </summary>
    public static string? ParseCursorValue(ITypeSymbol cursorType, string text, out IComparable? comparable)
    {
        comparable = null;
        const NumberStyles integer = NumberStyles.AllowLeadingSign;
        const NumberStyles real = NumberStyles.Float;
        var inv = CultureInfo.InvariantCulture;
        switch (cursorType.SpecialType)
        {
            case SpecialType.System_String:
                comparable = text;
                return null;
            case SpecialType.System_Int64:
                if (long.TryParse(text, integer, inv, out var l)) { comparable = l; return null; }
                return $"\"{text}\" is not a long (an integer in invariant culture)";
            case SpecialType.System_Int32:
                if (int.TryParse(text, integer, inv, out var i)) { comparable = (long)i; return null; }
                return $"\"{text}\" is not an int";
            case SpecialType.System_Int16:
                if (short.TryParse(text, integer, inv, out var s)) { comparable = (long)s; return null; }
                return $"\"{text}\" is not a short";
            case SpecialType.System_Double:
                if (double.TryParse(text, real, inv, out var d) && !double.IsNaN(d) && !double.IsInfinity(d)) { comparable = d; return null; }
                return $"\"{text}\" is not a finite double (use '.' as the decimal separator)";
            case SpecialType.System_Decimal:
                if (decimal.TryParse(text, real, inv, out var m)) { comparable = m; return null; }
                return $"\"{text}\" is not a decimal (use '.' as the decimal separator)";
            case SpecialType.System_DateTime:
                if (DateTime.TryParse(text, inv, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var dt)) { comparable = dt; return null; }
                return $"\"{text}\" is not an ISO-8601 date-time such as 2024-01-01T00:00:00Z";
        }
        switch (cursorType.ToDisplayString())
        {
            case "System.DateTimeOffset":
                if (DateTimeOffset.TryParse(text, inv, DateTimeStyles.AssumeUniversal, out var dto)) { comparable = dto; return null; }
                return $"\"{text}\" is not an ISO-8601 date-time such as 2024-01-01T00:00:00Z";
            case "System.DateOnly":
                if (DateTime.TryParseExact(text, "yyyy-MM-dd", inv, DateTimeStyles.None, out var date)) { comparable = date; return null; }
                return $"\"{text}\" is not a date in the form yyyy-MM-dd";
        }
        return $"a value of type {cursorType.ToDisplayString()} cannot be given as text; the cursor type must be {CursorValueTypes}";
    }
}
