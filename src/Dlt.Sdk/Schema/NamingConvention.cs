using System.Security.Cryptography;
using System.Text;

namespace DltNet.Schema;

/// <summary>
/// dlt's default <c>snake_case</c> naming convention: turns any key or table name into a lower-case,
/// SQL-safe identifier, and joins nested names into paths with <c>__</c>.
/// Every identifier the library produces goes through this one class (spec section 1).
/// </summary>
public sealed class NamingConvention
{
    /// <summary>The separator of nested paths (<c>parent__child</c>).</summary>
    public const string PathSeparator = NamingRules.PathSeparator;

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
        var joined = NamingRules.NormalizePath(path)
            ?? throw new ArgumentException($"The name '{path}' is empty after normalization.", nameof(path));
        return ShortenIdentifier(joined, path, MaxLength);
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
    public static string MakePath(params ReadOnlySpan<string> identifiers) => NamingRules.MakePath(identifiers);

    /// <summary>Splits a path on the separator and drops empty or whitespace-only pieces.</summary>
    public static List<string> BreakPath(string path) => NamingRules.BreakPath(path);

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

    internal static string ToSnakeCase(string identifier) => NamingRules.ToSnakeCase(identifier);

    /// <summary>Python's str.strip(): also treats U+001C..U+001F as whitespace.</summary>
    internal static string PythonStrip(string s) => NamingRules.PythonStrip(s);
}
