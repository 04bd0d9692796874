using Microsoft.CodeAnalysis;

namespace DltNet.Analyzers;

/// <summary>The well-known types the analyzers compare against, resolved once per compilation.</summary>
internal sealed class KnownSymbols
{
#pragma warning disable RS0030 // the one place that resolves types by metadata name
    private KnownSymbols(Compilation compilation)
    {
        INamedTypeSymbol? Get(string name) => compilation.GetTypeByMetadataName(name);
        DltResourceAttribute = Get("DltNet.Attributes.DltResourceAttribute");
        DltSourceAttribute = Get("DltNet.Attributes.DltSourceAttribute");
        DltTableAttribute = Get("DltNet.Attributes.DltTableAttribute");
        DltColumnAttribute = Get("DltNet.Attributes.DltColumnAttribute");
        DltIgnoreAttribute = Get("DltNet.Attributes.DltIgnoreAttribute");
        DltIncrementalAttribute = Get("DltNet.Attributes.DltIncrementalAttribute");
        Incremental = Get("DltNet.Extract.Incremental");
        IncrementalOfT = Get("DltNet.Extract.Incremental`1");
        DltObject = Get("DltNet.Normalize.DltObject");
        CancellationToken = Get("System.Threading.CancellationToken");
        EnumeratorCancellationAttribute = Get("System.Runtime.CompilerServices.EnumeratorCancellationAttribute");
        AsyncEnumerableOfT = Get("System.Collections.Generic.IAsyncEnumerable`1");
        DictionaryOfT = Get("System.Collections.Generic.IDictionary`2");
        ReadOnlyDictionaryOfT = Get("System.Collections.Generic.IReadOnlyDictionary`2");
        NonGenericDictionary = Get("System.Collections.IDictionary");
        KeyValuePairOfT = Get("System.Collections.Generic.KeyValuePair`2");
        JsonElement = Get("System.Text.Json.JsonElement");
        JsonDocument = Get("System.Text.Json.JsonDocument");
        JsonNode = Get("System.Text.Json.Nodes.JsonNode");
        DateTimeOffset = Get("System.DateTimeOffset");
        DateOnly = Get("System.DateOnly");
        TimeOnly = Get("System.TimeOnly");
        TimeSpan = Get("System.TimeSpan");
        Guid = Get("System.Guid");
        Uri = Get("System.Uri");
        Half = Get("System.Half");
        Int128 = Get("System.Int128");
        UInt128 = Get("System.UInt128");
        BigInteger = Get("System.Numerics.BigInteger");
        MemoryOfT = Get("System.Memory`1");
        ReadOnlyMemoryOfT = Get("System.ReadOnlyMemory`1");
        Type = Get("System.Type");
        MemberInfo = Get("System.Reflection.MemberInfo");
        Stream = Get("System.IO.Stream");
        Task = Get("System.Threading.Tasks.Task");
        ValueTask = Get("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = Get("System.Threading.Tasks.ValueTask`1");
    }
#pragma warning restore RS0030

    public static KnownSymbols Create(Compilation compilation) => new(compilation);

    /// <summary>True when the compilation references Dlt.Sdk (otherwise the analyzers have nothing to check).</summary>
    public bool HasDlt => DltResourceAttribute is not null;

    public INamedTypeSymbol? DltResourceAttribute { get; }
    public INamedTypeSymbol? DltSourceAttribute { get; }
    public INamedTypeSymbol? DltTableAttribute { get; }
    public INamedTypeSymbol? DltColumnAttribute { get; }
    public INamedTypeSymbol? DltIgnoreAttribute { get; }
    public INamedTypeSymbol? DltIncrementalAttribute { get; }
    public INamedTypeSymbol? Incremental { get; }
    public INamedTypeSymbol? IncrementalOfT { get; }
    public INamedTypeSymbol? DltObject { get; }
    public INamedTypeSymbol? CancellationToken { get; }
    public INamedTypeSymbol? EnumeratorCancellationAttribute { get; }
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
    public INamedTypeSymbol? Type { get; }
    public INamedTypeSymbol? MemberInfo { get; }
    public INamedTypeSymbol? Stream { get; }
    public INamedTypeSymbol? Task { get; }
    public INamedTypeSymbol? ValueTask { get; }
    public INamedTypeSymbol? ValueTaskOfT { get; }

    /// <summary>Whether <paramref name="type"/> (or its generic definition) is <paramref name="known"/>.</summary>
    public static bool Is(ITypeSymbol? type, INamedTypeSymbol? known) =>
        type is not null && known is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, known);

    /// <summary>Whether <paramref name="type"/> is <paramref name="baseType"/> or derives from it.</summary>
    public static bool InheritsFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null) return false;
        for (var t = type; t is not null; t = t.BaseType)
            if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, baseType)) return true;
        return false;
    }

    /// <summary>The first attribute of <paramref name="symbol"/> whose class is <paramref name="attributeType"/>.</summary>
    public static AttributeData? Attribute(ISymbol symbol, INamedTypeSymbol? attributeType)
    {
        if (attributeType is null) return null;
        foreach (var a in symbol.GetAttributes())
            if (SymbolEqualityComparer.Default.Equals(a.AttributeClass, attributeType)) return a;
        return null;
    }
}
