using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace DltNet.Schema;

/// <summary>
/// dlt's default <c>snake_case</c> naming convention: turns any key or table name into a lower-case,
/// SQL-safe identifier, and joins nested names into paths with <c>__</c>.
/// Every identifier the library produces goes through this one class (spec section 1).
/// </summary>
public sealed partial class NamingConvention
{
    /// <summary>The separator of nested paths (<c>parent__child</c>).</summary>
    public const string PathSeparator = "__";

    /// <summary>The default convention without a length limit.</summary>
    public static NamingConvention SnakeCase { get; } = new(null);

    /// <summary>Creates the snake_case convention with an optional maximum identifier length.</summary>
    public NamingConvention(int? maxLength) => MaxLength = maxLength;

    /// <summary>Maximum identifier length; longer names are shortened with a hash tag in the middle.</summary>
    public int? MaxLength { get; }

    /// <summary>Name stored in the schema (<c>normalizers.names</c>).</summary>
    public string Name => "snake_case";

    /// <summary>Normalizes one identifier (no path splitting).</summary>
    public string NormalizeIdentifier(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        var stripped = PythonStrip(identifier);
        if (stripped.Length == 0)
            throw new ArgumentException($"The name '{identifier}' is empty after trimming whitespace and cannot be normalized to an identifier.", nameof(identifier));
        return ShortenIdentifier(ToSnakeCase(stripped), stripped, MaxLength);
    }

    /// <summary>Table identifiers use the same rules as column identifiers in snake_case.</summary>
    public string NormalizeTableIdentifier(string identifier) => NormalizeIdentifier(identifier);

    /// <summary>Breaks a path on <c>__</c>, normalizes every piece, joins and shortens the result.</summary>
    public string NormalizePath(string path)
    {
        var pieces = BreakPath(path);
        if (pieces.Count == 0)
            throw new ArgumentException($"The name '{path}' is empty after normalization.", nameof(path));
        var normalized = new string[pieces.Count];
        for (var i = 0; i < pieces.Count; i++)
            normalized[i] = ToSnakeCase(PythonStrip(pieces[i]));
        return ShortenIdentifier(string.Join(PathSeparator, normalized), path, MaxLength);
    }

    /// <summary>Same as <see cref="NormalizePath"/> for table names.</summary>
    public string NormalizeTablesPath(string path) => NormalizePath(path);

    /// <summary>Joins already normalized fragments and shortens the whole, with the tag taken from the joined string.</summary>
    public string ShortenFragments(params ReadOnlySpan<string> fragments)
    {
        var joined = MakePath(fragments);
        return ShortenIdentifier(joined, joined, MaxLength);
    }

    /// <summary>Joins identifiers with the separator, skipping empty ones.</summary>
    public static string MakePath(params ReadOnlySpan<string> identifiers)
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

    /// <summary>Splits a path on the separator and drops empty or whitespace-only pieces.</summary>
    public static List<string> BreakPath(string path)
    {
        var result = new List<string>();
        foreach (var piece in path.Split(PathSeparator))
            if (!string.IsNullOrWhiteSpace(piece)) result.Add(piece);
        return result;
    }

    /// <summary>dlt's shortening: keep head and tail, put a 6 character shake_128 tag of <paramref name="original"/> in the middle.</summary>
    public static string ShortenIdentifier(string normalized, string original, int? maxLength)
    {
        if (maxLength is not int max || max <= 0 || normalized.Length <= max) return normalized;
        var tag = ComputeTag(original);
        var remaining = max - tag.Length;
        var head = remaining / 2 + remaining % 2;
        var tail = remaining / 2;
        return normalized[..head] + tag + normalized[(normalized.Length - tail)..];
    }

    /// <summary>The 6 character tag: shake_128 (4 bytes) of the UTF-8 text, base64 without padding, '/'→'a', '+'→'b', lower case.</summary>
    public static string ComputeTag(string text)
    {
        var digest = Shake128.HashData(Encoding.UTF8.GetBytes(text), 4);
        return Convert.ToBase64String(digest).TrimEnd('=').Replace('/', 'a').Replace('+', 'b').ToLowerInvariant();
    }

    internal static string ToSnakeCase(string identifier)
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
        if (trailing > 0) s = s[..^trailing] + new string('x', trailing);
        return MultiUnderscore().Replace(s, "_");
    }

    /// <summary>Python's str.strip(): also treats U+001C..U+001F as whitespace.</summary>
    internal static string PythonStrip(string s)
    {
        static bool IsPyWhite(char c) => char.IsWhiteSpace(c) || (c >= '\u001c' && c <= '\u001f');
        int start = 0, end = s.Length;
        while (start < end && IsPyWhite(s[start])) start++;
        while (end > start && IsPyWhite(s[end - 1])) end--;
        return s[start..end];
    }

    [GeneratedRegex(@"[^a-zA-Z\d_]+")] private static partial Regex NonSqlChars();
    [GeneratedRegex(@"([^_])([A-Z][a-z]+)")] private static partial Regex CamelPass1();
    [GeneratedRegex(@"([a-z0-9])([A-Z])")] private static partial Regex CamelPass2();
    [GeneratedRegex(@"__+")] private static partial Regex MultiUnderscore();
}
