using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace DltNet.Generators.Parsing;

/// <summary>
/// The well-known types the parser compares against, resolved once per compilation (cached by compilation,
/// so every transform of one generator run shares one instance). Used only inside parse steps, never in a model.
/// </summary>
internal sealed class KnownTypeSymbols
{
    public const string DltResourceAttributeName = "DltNet.Attributes.DltResourceAttribute";
    public const string DltSourceAttributeName = "DltNet.Attributes.DltSourceAttribute";
    public const string DltTableAttributeName = "DltNet.Attributes.DltTableAttribute";
    public const string DltColumnAttributeName = "DltNet.Attributes.DltColumnAttribute";
    public const string DltIgnoreAttributeName = "DltNet.Attributes.DltIgnoreAttribute";
    public const string DltIncrementalAttributeName = "DltNet.Attributes.DltIncrementalAttribute";

    private static readonly ConditionalWeakTable<Compilation, KnownTypeSymbols> Cache = new();

    private KnownTypeSymbols(Compilation compilation)
    {
        Compilation = compilation;
        DltResourceAttribute = compilation.GetTypeByMetadataName(DltResourceAttributeName);
        DltSourceAttribute = compilation.GetTypeByMetadataName(DltSourceAttributeName);
        DltTableAttribute = compilation.GetTypeByMetadataName(DltTableAttributeName);
        DltColumnAttribute = compilation.GetTypeByMetadataName(DltColumnAttributeName);
        DltIgnoreAttribute = compilation.GetTypeByMetadataName(DltIgnoreAttributeName);
        DltIncrementalAttribute = compilation.GetTypeByMetadataName(DltIncrementalAttributeName);
        Incremental = compilation.GetTypeByMetadataName("DltNet.Extract.Incremental");
        IncrementalOfT = compilation.GetTypeByMetadataName("DltNet.Extract.Incremental`1");
        CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        AsyncEnumerableOfT = compilation.GetTypeByMetadataName("System.Collections.Generic.IAsyncEnumerable`1");
        DictionaryOfT = compilation.GetTypeByMetadataName("System.Collections.Generic.IDictionary`2");
        ReadOnlyDictionaryOfT = compilation.GetTypeByMetadataName("System.Collections.Generic.IReadOnlyDictionary`2");
        NonGenericDictionary = compilation.GetTypeByMetadataName("System.Collections.IDictionary");
        KeyValuePairOfT = compilation.GetTypeByMetadataName("System.Collections.Generic.KeyValuePair`2");
        JsonElement = compilation.GetTypeByMetadataName("System.Text.Json.JsonElement");
        JsonDocument = compilation.GetTypeByMetadataName("System.Text.Json.JsonDocument");
        JsonNode = compilation.GetTypeByMetadataName("System.Text.Json.Nodes.JsonNode");
        DateTimeOffset = compilation.GetTypeByMetadataName("System.DateTimeOffset");
        DateOnly = compilation.GetTypeByMetadataName("System.DateOnly");
        TimeOnly = compilation.GetTypeByMetadataName("System.TimeOnly");
        TimeSpan = compilation.GetTypeByMetadataName("System.TimeSpan");
        Guid = compilation.GetTypeByMetadataName("System.Guid");
        Uri = compilation.GetTypeByMetadataName("System.Uri");
        Half = compilation.GetTypeByMetadataName("System.Half");
        Int128 = compilation.GetTypeByMetadataName("System.Int128");
        UInt128 = compilation.GetTypeByMetadataName("System.UInt128");
        BigInteger = compilation.GetTypeByMetadataName("System.Numerics.BigInteger");
        MemoryOfT = compilation.GetTypeByMetadataName("System.Memory`1");
        ReadOnlyMemoryOfT = compilation.GetTypeByMetadataName("System.ReadOnlyMemory`1");
        DltObject = compilation.GetTypeByMetadataName("DltNet.Normalize.DltObject");
    }

    public static KnownTypeSymbols Get(Compilation compilation) => Cache.GetValue(compilation, static c => new KnownTypeSymbols(c));

    public Compilation Compilation { get; }
    public INamedTypeSymbol? DltResourceAttribute { get; }
    public INamedTypeSymbol? DltSourceAttribute { get; }
    public INamedTypeSymbol? DltTableAttribute { get; }
    public INamedTypeSymbol? DltColumnAttribute { get; }
    public INamedTypeSymbol? DltIgnoreAttribute { get; }
    public INamedTypeSymbol? DltIncrementalAttribute { get; }
    public INamedTypeSymbol? Incremental { get; }
    public INamedTypeSymbol? IncrementalOfT { get; }
    public INamedTypeSymbol? CancellationToken { get; }
    public INamedTypeSymbol? AsyncEnumerableOfT { get; }
    public INamedTypeSymbol? DictionaryOfT { get; }
    public INamedTypeSymbol? ReadOnlyDictionaryOfT { get; }
    public INamedTypeSymbol? NonGenericDictionary { get; }
    public INamedTypeSymbol? KeyValuePairOfT { get; }
    public INamedTypeSymbol? JsonElement { get; }
    public INamedTypeSymbol? JsonDocument { get; }
    public INamedTypeSymbol? JsonNode { get; }
    public INamedTypeSymbol? DateTimeOffset { get; }
    public INamedTypeSymbol? DateOnly { get; }
    public INamedTypeSymbol? TimeOnly { get; }
    public INamedTypeSymbol? TimeSpan { get; }
    public INamedTypeSymbol? Guid { get; }
    public INamedTypeSymbol? Uri { get; }
    public INamedTypeSymbol? Half { get; }
    public INamedTypeSymbol? Int128 { get; }
    public INamedTypeSymbol? UInt128 { get; }
    public INamedTypeSymbol? BigInteger { get; }
    public INamedTypeSymbol? MemoryOfT { get; }
    public INamedTypeSymbol? ReadOnlyMemoryOfT { get; }
    public INamedTypeSymbol? DltObject { get; }

    public static bool Is(ITypeSymbol? type, INamedTypeSymbol? known) =>
        type is not null && known is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, known);
}
