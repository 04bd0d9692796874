using DltNet.Schema;

namespace DltNet.Generators.Parsing;

/// <summary>Names computed at build time with the runtime's own snake_case rules (NamingRules is shared with Dlt.Sdk).</summary>
internal static class Names
{
    /// <summary>The key the normalizer gives a member key: its normalized path, or <c>_empty</c> when nothing is left.</summary>
    public static string Column(string key) =>
        string.IsNullOrWhiteSpace(key) ? "_empty" : NamingRules.NormalizePath(key) ?? "_empty";

    /// <summary>One identifier (a method or type name) in snake_case, as NamingConvention.NormalizeIdentifier without shortening.</summary>
    public static string Identifier(string name)
    {
        var stripped = NamingRules.PythonStrip(name);
        return stripped.Length == 0 ? "_empty" : NamingRules.ToSnakeCase(stripped);
    }

    /// <summary>The contract mode of a schema contract string, as SchemaContract.ParseMode reads it; null when it is not one.</summary>
    public static string? SchemaContractMode(string value) => value.Trim().ToLowerInvariant() switch
    {
        "evolve" => "evolve",
        "freeze" => "freeze",
        "discard_row" or "discard-row" or "discardrow" => "discard_row",
        "discard_value" or "discard-value" or "discardvalue" => "discard_value",
        _ => null,
    };
}
