// The pure string rules of dlt's snake_case naming convention. This file is compiled into two assemblies:
// the runtime (Dlt.Sdk, net10.0) and the source generator (Dlt.Generators, netstandard2.0), so that the column
// names the generator writes at build time are exactly the names the runtime computes for dynamic data.
// Keep it free of APIs that netstandard2.0 lacks (ranges, spans, Split(string), ArgumentNullException.ThrowIfNull).
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace DltNet.Schema;

/// <summary>The string rules of the snake_case convention, without identifier shortening (which needs a hash).</summary>
internal static partial class NamingRules
{
    /// <summary>The separator of nested paths (<c>parent__child</c>).</summary>
    public const string PathSeparator = "__";

    private static readonly string[] PathSeparators = [PathSeparator];

    /// <summary>Turns one identifier (already stripped) into snake_case.</summary>
    public static string ToSnakeCase(string identifier)
    {
        var sb = new StringBuilder(identifier.Length);
        foreach (var ch in identifier)
        {
            sb.Append(ch switch { '+' => 'x', '-' => '_', '*' => 'x', '@' => 'a', '|' => 'l', _ => ch });
        }
        var s = NonSqlChars().Replace(sb.ToString(), "_");
        s = CamelPass1().Replace(s, "$1_$2");
        s = CamelPass2().Replace(s, "$1_$2").ToLowerInvariant();
        if (s.Length > 0 && char.IsDigit(s[0])) s = "_" + s;
        var trailing = 0;
        while (trailing < s.Length && s[s.Length - 1 - trailing] == '_') trailing++;
        if (trailing > 0) s = s.Substring(0, s.Length - trailing) + new string('x', trailing);
        return MultiUnderscore().Replace(s, "_");
    }

    /// <summary>Python's str.strip(): also treats U+001C..U+001F as whitespace.</summary>
    public static string PythonStrip(string s)
    {
        int start = 0, end = s.Length;
        while (start < end && IsPyWhite(s[start])) start++;
        while (end > start && IsPyWhite(s[end - 1])) end--;
        return s.Substring(start, end - start);
    }

    private static bool IsPyWhite(char c) => char.IsWhiteSpace(c) || (c >= '\u001c' && c <= '\u001f');

    /// <summary>Splits a path on the separator and drops empty or whitespace-only pieces.</summary>
    public static List<string> BreakPath(string path)
    {
        var result = new List<string>();
        foreach (var piece in path.Split(PathSeparators, System.StringSplitOptions.None))
            if (!string.IsNullOrWhiteSpace(piece)) result.Add(piece);
        return result;
    }

    /// <summary>Joins identifiers with the separator, skipping empty or whitespace-only ones.</summary>
#if NET7_0_OR_GREATER
    public static string MakePath(params System.ReadOnlySpan<string> identifiers)
#else
    public static string MakePath(IEnumerable<string> identifiers)
#endif
    {
        var sb = new StringBuilder();
        foreach (var id in identifiers)
        {
            if (string.IsNullOrWhiteSpace(id)) continue;
            if (sb.Length > 0) sb.Append(PathSeparator);
            sb.Append(id);
        }
        return sb.ToString();
    }

    /// <summary>
    /// Breaks a path on <c>__</c>, normalizes every piece and joins them, without shortening.
    /// Returns null when nothing is left (the caller decides: an error, or the <c>_empty</c> key of the normalizer).
    /// </summary>
    public static string? NormalizePath(string path)
    {
        var pieces = BreakPath(path);
        if (pieces.Count == 0) return null;
        var normalized = new string[pieces.Count];
        for (var i = 0; i < pieces.Count; i++)
            normalized[i] = ToSnakeCase(PythonStrip(pieces[i]));
        return string.Join(PathSeparator, normalized);
    }

#if NET7_0_OR_GREATER
    [GeneratedRegex(@"[^a-zA-Z\d_]+")] private static partial Regex NonSqlChars();
    [GeneratedRegex(@"([^_])([A-Z][a-z]+)")] private static partial Regex CamelPass1();
    [GeneratedRegex(@"([a-z0-9])([A-Z])")] private static partial Regex CamelPass2();
    [GeneratedRegex(@"__+")] private static partial Regex MultiUnderscore();
#else
    private static readonly Regex NonSqlCharsRegex = new(@"[^a-zA-Z\d_]+");
    private static readonly Regex CamelPass1Regex = new(@"([^_])([A-Z][a-z]+)");
    private static readonly Regex CamelPass2Regex = new(@"([a-z0-9])([A-Z])");
    private static readonly Regex MultiUnderscoreRegex = new(@"__+");
    private static Regex NonSqlChars() => NonSqlCharsRegex;
    private static Regex CamelPass1() => CamelPass1Regex;
    private static Regex CamelPass2() => CamelPass2Regex;
    private static Regex MultiUnderscore() => MultiUnderscoreRegex;
#endif
}
