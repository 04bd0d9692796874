using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace DltNet.Generators.Parsing;

/// <summary>Reads the arguments of an attribute; a named argument that is not written in source is "not set" (null).</summary>
internal readonly struct AttributeArgs(AttributeData attribute)
{
    private TypedConstant? Named(string name)
    {
        foreach (var kv in attribute.NamedArguments)
            if (kv.Key == name) return kv.Value;
        return null;
    }

    public bool Has(string name) => Named(name) is not null;

    public string? ConstructorString(int index) =>
        index < attribute.ConstructorArguments.Length && attribute.ConstructorArguments[index].Kind == TypedConstantKind.Primitive
            ? attribute.ConstructorArguments[index].Value as string
            : null;

    public string? String(string name) => Named(name) is { Kind: TypedConstantKind.Primitive } c ? c.Value as string : null;

    public bool? Bool(string name) => Named(name) is { Kind: TypedConstantKind.Primitive, Value: bool b } ? b : null;

    public int? Int(string name) => Named(name) is { Value: int i } ? i : null;

    public double? Double(string name) => Named(name) is { Kind: TypedConstantKind.Primitive } c && c.Value is double d ? d : null;

    /// <summary>The enum member name of an enum-typed named argument (null when not set or not a declared member).</summary>
    public string? EnumName(string name)
    {
        if (Named(name) is not { Kind: TypedConstantKind.Enum } c || c.Type is not INamedTypeSymbol enumType) return null;
        foreach (var field in enumType.GetMembers().OfType<IFieldSymbol>())
            if (field.HasConstantValue && Equals(field.ConstantValue, c.Value)) return field.Name;
        return null;
    }

    /// <summary>The strings of an array-typed named argument (null when not set).</summary>
    public IReadOnlyList<string>? Strings(string name)
    {
        if (Named(name) is not { } c) return null;
        if (c.Kind != TypedConstantKind.Array) return c.Value is string single ? new[] { single } : null;
        if (c.IsNull) return null;
        return c.Values.Select(v => v.Value as string).Where(v => v is not null).Select(v => v!).ToList();
    }
}
