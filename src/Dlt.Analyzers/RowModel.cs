using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DltNet.Schema;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DltNet.Analyzers;

/// <summary>How the runtime stores a value of a member type (the generator's and ItemConverter's classification).</summary>
internal enum ValueKind
{
    /// <summary>One typed column.</summary>
    Scalar,
    /// <summary>A dictionary or JSON value: unnested or stored as json from the data.</summary>
    Json,
    /// <summary><c>object</c> or <c>dynamic</c>: the column type comes from each value.</summary>
    Untyped,
    /// <summary>A type without generated converter, read with reflection at run time.</summary>
    RuntimeConverted,
    /// <summary>A row type whose members flatten into <c>parent__child</c> columns.</summary>
    Object,
    /// <summary>A collection: a nested table of its elements.</summary>
    Collection,
    /// <summary>Not data: the runtime throws on it.</summary>
    NotStorable,
}

/// <summary>A member type as the runtime sees it.</summary>
internal sealed class ValueInfo(ValueKind kind, ITypeSymbol type, string? reason = null, ValueInfo? element = null)
{
    public ValueKind Kind { get; } = kind;
    /// <summary>The type without <c>Nullable&lt;T&gt;</c>.</summary>
    public ITypeSymbol Type { get; } = type;
    /// <summary>Why the type is <see cref="ValueKind.NotStorable"/> or <see cref="ValueKind.RuntimeConverted"/>.</summary>
    public string? Reason { get; } = reason;
    /// <summary>The element of a collection.</summary>
    public ValueInfo? Element { get; } = element;
}

/// <summary>A loaded member of a row type.</summary>
internal sealed class RowMember(ISymbol symbol, ITypeSymbol type, NullableAnnotation annotation, string key, AttributeData? column, ValueInfo value)
{
    public ISymbol Symbol { get; } = symbol;
    public string Name => Symbol.Name;
    public ITypeSymbol Type { get; } = type;
    public NullableAnnotation Annotation { get; } = annotation;
    /// <summary>The key of the member in a converted row: its <c>[DltColumn]</c> name or its C# name.</summary>
    public string Key { get; } = key;
    /// <summary>The <c>[DltColumn]</c> attribute (on the member or the positional record parameter).</summary>
    public AttributeData? Column { get; } = column;
    public ValueInfo Value { get; } = value;
    public Location Location => Symbol.Locations.FirstOrDefault() ?? Location.None;
    /// <summary>Column name: the key normalized with the runtime's snake_case rules; null when nothing is left.</summary>
    public string? NormalizedName => NamingRules.NormalizePath(Key);
}

/// <summary>A column of a table: a member, or a member of a nested row type flattened into <c>parent__child</c>.</summary>
internal sealed class RowColumn(string name, string memberPath, RowMember member)
{
    /// <summary>Normalized column name.</summary>
    public string Name { get; } = name;
    /// <summary>Dotted C# member path (<c>Author.Login</c>).</summary>
    public string MemberPath { get; } = memberPath;
    public RowMember Member { get; } = member;
}

/// <summary>
/// Reads row types the way the source generator does (public instance properties then fields, [DltIgnore], [DltColumn]
/// on members or positional record parameters) and classifies member types the way the runtime stores them.
/// One instance per compilation; member lists are cached.
/// </summary>
internal sealed class RowModel(KnownSymbols known, Compilation compilation)
{
    private readonly ConcurrentDictionary<ITypeSymbol, IReadOnlyList<RowMember>> _members = new(SymbolEqualityComparer.Default);

    public KnownSymbols Known => known;

    /// <summary>The loaded members of a row type, in the order the runtime reads them.</summary>
    public IReadOnlyList<RowMember> Members(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        _members.GetOrAdd(type, t => ReadMembers((INamedTypeSymbol)t, cancellationToken));

    private IReadOnlyList<RowMember> ReadMembers(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var properties = new List<RowMember>();
        var fields = new List<RowMember>();
        for (var t = type; t is not null && t.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); t = t.BaseType)
        {
            foreach (var m in t.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (m)
                {
                    case IPropertySymbol p when !p.IsStatic && !p.IsIndexer && p.DeclaredAccessibility == Accessibility.Public
                                                && p.GetMethod is { DeclaredAccessibility: Accessibility.Public }:
                        if (seen.Add("p:" + p.Name) && Read(type, p, p.Type, p.NullableAnnotation, cancellationToken) is { } pm) properties.Add(pm);
                        break;
                    case IFieldSymbol f when !f.IsStatic && !f.IsConst && f.DeclaredAccessibility == Accessibility.Public && !f.IsImplicitlyDeclared:
                        if (seen.Add("f:" + f.Name) && Read(type, f, f.Type, f.NullableAnnotation, cancellationToken) is { } fm) fields.Add(fm);
                        break;
                }
            }
        }
        properties.AddRange(fields);
        return properties;
    }

    private RowMember? Read(INamedTypeSymbol owner, ISymbol member, ITypeSymbol type, NullableAnnotation annotation, CancellationToken cancellationToken)
    {
        var attributes = AttributesOf(owner, member, cancellationToken);
        if (attributes.Any(a => KnownSymbols.Is(a.AttributeClass, known.DltIgnoreAttribute))) return null;
        var column = attributes.FirstOrDefault(a => KnownSymbols.Is(a.AttributeClass, known.DltColumnAttribute));
        string? key = null;
        if (column is not null)
        {
            if (column.ConstructorArguments.Length > 0) key = column.ConstructorArguments[0].Value as string;
            foreach (var kv in column.NamedArguments)
                if (kv.Key == "Name" && key is null) key = kv.Value.Value as string;
        }
        if (string.IsNullOrEmpty(key)) key = member.Name;
        return new RowMember(member, type, annotation, key!, column, Classify(type));
    }

    /// <summary>Attributes of a member, plus those of the positional record parameter it comes from.</summary>
    private static List<AttributeData> AttributesOf(INamedTypeSymbol owner, ISymbol member, CancellationToken cancellationToken)
    {
        var result = new List<AttributeData>(member.GetAttributes());
        if (member is IPropertySymbol && member.DeclaringSyntaxReferences.Length > 0
            && member.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is ParameterSyntax)
        {
            var declaration = member.DeclaringSyntaxReferences[0];
            foreach (var ctor in owner.InstanceConstructors)
            {
                var parameter = ctor.Parameters.FirstOrDefault(p => p.Name == member.Name
                    && p.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == declaration.SyntaxTree && r.Span == declaration.Span));
                if (parameter is null) continue;
                result.AddRange(parameter.GetAttributes());
                break;
            }
        }
        return result;
    }

    /// <summary>Whether the member's <c>[DltColumn]</c> sets <c>DataType = DltDataType.Json</c>.</summary>
    public static bool HasJsonHint(RowMember member) => DataTypeHint(member) == "Json";

    /// <summary>The <c>DataType</c> of the member's <c>[DltColumn]</c>, as the enum member name.</summary>
    public static string? DataTypeHint(RowMember member)
    {
        if (member.Column is null) return null;
        foreach (var kv in member.Column.NamedArguments)
        {
            if (kv.Key != "DataType" || kv.Value.Type is not INamedTypeSymbol enumType) continue;
            foreach (var m in enumType.GetMembers())
                if (m is IFieldSymbol { HasConstantValue: true } f && Equals(f.ConstantValue, kv.Value.Value)) return f.Name;
        }
        return null;
    }

    /// <summary>A named argument of the member's <c>[DltColumn]</c>.</summary>
    public static TypedConstant? ColumnArgument(RowMember member, string name)
    {
        if (member.Column is null) return null;
        foreach (var kv in member.Column.NamedArguments)
            if (kv.Key == name) return kv.Value;
        return null;
    }

    /// <summary>Whether the member's <c>[DltColumn]</c> sets the bool hint <paramref name="name"/> to true.</summary>
    public static bool ColumnFlag(RowMember member, string name) => ColumnArgument(member, name) is { Value: true };

    /// <summary>Classifies a type the way ItemConverter.ToValue and the generator treat its values.</summary>
    public ValueInfo Classify(ITypeSymbol type)
    {
        if (type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T && type is INamedTypeSymbol nullable)
            type = nullable.TypeArguments[0];

        switch (type.TypeKind)
        {
            case TypeKind.Pointer or TypeKind.FunctionPointer:
                return new ValueInfo(ValueKind.NotStorable, type, "pointers are addresses, not data");
            case TypeKind.TypeParameter:
                return new ValueInfo(ValueKind.NotStorable, type, "it is an open generic type parameter, so its columns are not known at build time; use a concrete type");
            case TypeKind.Delegate:
                return new ValueInfo(ValueKind.NotStorable, type, "delegates are code, not data");
            case TypeKind.Dynamic:
                return new ValueInfo(ValueKind.Untyped, type);
            case TypeKind.Enum:
                return new ValueInfo(ValueKind.Scalar, type);
            case TypeKind.Error:
                return new ValueInfo(ValueKind.Json, type);
        }
        if (type.IsRefLikeType) return new ValueInfo(ValueKind.NotStorable, type, "ref structs cannot be boxed into a row");

        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean or SpecialType.System_Char or SpecialType.System_SByte or SpecialType.System_Byte
                or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
                or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Decimal or SpecialType.System_Single
                or SpecialType.System_Double or SpecialType.System_String or SpecialType.System_DateTime:
                return new ValueInfo(ValueKind.Scalar, type);
            case SpecialType.System_Object:
                return new ValueInfo(ValueKind.Untyped, type);
            case SpecialType.System_IntPtr or SpecialType.System_UIntPtr:
                return new ValueInfo(ValueKind.NotStorable, type, "native handles are not data");
        }

        if (type is IArrayTypeSymbol array)
        {
            if (array.ElementType.SpecialType == SpecialType.System_Byte && array.IsSZArray) return new ValueInfo(ValueKind.Scalar, type);
            if (!array.IsSZArray) return new ValueInfo(ValueKind.Json, type);
            return new ValueInfo(ValueKind.Collection, type, element: Classify(array.ElementType));
        }
        if (type is not INamedTypeSymbol named) return new ValueInfo(ValueKind.Json, type);

        if (Eq(named, known.DateTimeOffset) || Eq(named, known.DateOnly) || Eq(named, known.TimeOnly) || Eq(named, known.Guid)
            || Eq(named, known.Uri) || Eq(named, known.Half) || Eq(named, known.Int128) || Eq(named, known.UInt128) || Eq(named, known.BigInteger))
            return new ValueInfo(ValueKind.Scalar, type);
        if ((KnownSymbols.Is(named, known.MemoryOfT) || KnownSymbols.Is(named, known.ReadOnlyMemoryOfT))
            && named.TypeArguments[0].SpecialType == SpecialType.System_Byte)
            return new ValueInfo(ValueKind.Scalar, type);
        if (Eq(named, known.CancellationToken)) return new ValueInfo(ValueKind.NotStorable, type, "a cancellation token is not data");
        if (KnownSymbols.InheritsFrom(named, known.Type) || KnownSymbols.InheritsFrom(named, known.MemberInfo))
            return new ValueInfo(ValueKind.NotStorable, type, "reflection objects are not data; store the name instead");
        if (KnownSymbols.InheritsFrom(named, known.Stream)) return new ValueInfo(ValueKind.NotStorable, type, "a stream is not data; read it into a byte[] or string");
        if (KnownSymbols.InheritsFrom(named, known.Task) || KnownSymbols.Is(named, known.ValueTask) || KnownSymbols.Is(named, known.ValueTaskOfT))
            return new ValueInfo(ValueKind.NotStorable, type, "a task is not data; await it and store its result");
        if (Eq(named, known.JsonElement) || Eq(named, known.JsonDocument) || KnownSymbols.InheritsFrom(named, known.JsonNode) || Eq(named, known.DltObject)
            || Eq(named, known.TimeSpan) || IsDictionary(named))
            return new ValueInfo(ValueKind.Json, type);

        if (ElementOf(named) is { } element)
        {
            if (element is INamedTypeSymbol kv && KnownSymbols.Is(kv, known.KeyValuePairOfT)) return new ValueInfo(ValueKind.Json, type);
            return new ValueInfo(ValueKind.Collection, type, element: Classify(element));
        }
        if (named.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable)) return new ValueInfo(ValueKind.Json, type);

        if (WhyNotGenerated(named) is { } reason) return new ValueInfo(ValueKind.RuntimeConverted, type, reason);
        return new ValueInfo(ValueKind.Object, type);
    }

    /// <summary>Why the generator writes no converter for a type that is not a runtime scalar, collection or JSON value; null when it does.</summary>
    public string? WhyNotGenerated(INamedTypeSymbol type)
    {
        var ns = type.ContainingNamespace;
        while (ns is { ContainingNamespace.IsGlobalNamespace: false }) ns = ns.ContainingNamespace;
        var root = ns is null || ns.IsGlobalNamespace ? "" : ns.Name;
        if (root is "System" or "Microsoft") return "it is a framework type that the runtime does not store natively";
        if (type.TypeKind == TypeKind.Interface) return "it is an interface";
        if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct)) return "it is not a class, record or struct";
        if (type.IsAbstract) return "it is abstract";
        for (var t = type; t is not null; t = t.ContainingType)
            if (t.TypeArguments.Length > 0) return "it is generic";
        if (!compilation.IsSymbolAccessibleWithin(type, compilation.Assembly)
            || type.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
            return "generated code cannot access it";
        return null;
    }

    /// <summary>
    /// The columns of the table of <paramref name="type"/>: its scalar and JSON members, and the members of nested row types
    /// flattened into <c>parent__child</c> (collections become nested tables, not columns). Recursion stops at a type already on the path.
    /// </summary>
    public List<RowColumn> Columns(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var result = new List<RowColumn>();
        var path = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default) { type };
        AddColumns(type, "", "", path, result, cancellationToken);
        return result;
    }

    private void AddColumns(INamedTypeSymbol type, string keyPrefix, string memberPrefix, HashSet<ITypeSymbol> path, List<RowColumn> result,
        CancellationToken cancellationToken)
    {
        foreach (var member in Members(type, cancellationToken))
        {
            var key = keyPrefix + member.Key;
            var memberPath = memberPrefix + member.Name;
            if (member.Value.Kind == ValueKind.Collection) continue;
            if (member.Value.Kind == ValueKind.Object && !HasJsonHint(member) && member.Value.Type is INamedTypeSymbol nested)
            {
                if (!path.Add(nested)) continue;
                AddColumns(nested, key + NamingRules.PathSeparator, memberPath + ".", path, result, cancellationToken);
                path.Remove(nested);
                continue;
            }
            result.Add(new RowColumn(NamingRules.NormalizePath(key) ?? "_empty", memberPath, member));
        }
    }

    private bool IsDictionary(INamedTypeSymbol type)
    {
        bool IsDict(INamedTypeSymbol t) =>
            KnownSymbols.Is(t, known.DictionaryOfT) || KnownSymbols.Is(t, known.ReadOnlyDictionaryOfT) || Eq(t, known.NonGenericDictionary);
        return IsDict(type) || type.AllInterfaces.Any(IsDict);
    }

    private static ITypeSymbol? ElementOf(INamedTypeSymbol type)
    {
        if (type.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T) return type.TypeArguments[0];
        ITypeSymbol? found = null;
        foreach (var i in type.AllInterfaces)
        {
            if (i.OriginalDefinition.SpecialType != SpecialType.System_Collections_Generic_IEnumerable_T) continue;
            if (found is not null) return null;
            found = i.TypeArguments[0];
        }
        return found;
    }

    private static bool Eq(ITypeSymbol? a, ITypeSymbol? b) => a is not null && b is not null && SymbolEqualityComparer.Default.Equals(a, b);
}
