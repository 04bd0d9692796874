using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DltNet.Analyzers;

/// <summary>
/// Reads the arguments of one attribute (a named argument not written in source is "not set") and finds where each
/// argument is written, so that diagnostics point at the offending literal.
/// </summary>
internal sealed class AttributeArgs
{
    private readonly AttributeData _attribute;
    private readonly AttributeSyntax? _syntax;
    private readonly Location _fallback;

    public AttributeArgs(AttributeData attribute, Location fallback, CancellationToken cancellationToken)
    {
        _attribute = attribute;
        _syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        _fallback = fallback;
    }

    /// <summary>Where the attribute is written.</summary>
    public Location Location => _syntax?.GetLocation() ?? _fallback;

    private TypedConstant? Named(string name)
    {
        foreach (var kv in _attribute.NamedArguments)
            if (kv.Key == name) return kv.Value;
        return null;
    }

    public bool Has(string name) => Named(name) is not null;

    public string? ConstructorString(int index) =>
        index < _attribute.ConstructorArguments.Length && _attribute.ConstructorArguments[index].Kind == TypedConstantKind.Primitive
            ? _attribute.ConstructorArguments[index].Value as string
            : null;

    public bool HasConstructorArgument(int index) => index < _attribute.ConstructorArguments.Length;

    public string? String(string name) => Named(name) is { Kind: TypedConstantKind.Primitive } c ? c.Value as string : null;

    public bool? Bool(string name) => Named(name) is { Kind: TypedConstantKind.Primitive, Value: bool b } ? b : null;

    public int? Int(string name) => Named(name) is { Value: int i } ? i : null;

    /// <summary>The value of an enum-typed named argument (null when it is not set).</summary>
    public int? Enum(string name) => Named(name) is { Kind: TypedConstantKind.Enum, Value: int i } ? i : null;

    /// <summary>The member name of an enum-typed named argument (null when it is not set or not a declared member).</summary>
    public string? EnumName(string name)
    {
        if (Named(name) is not { Kind: TypedConstantKind.Enum } c || c.Type is not INamedTypeSymbol enumType) return null;
        foreach (var member in enumType.GetMembers())
            if (member is IFieldSymbol { HasConstantValue: true } field && Equals(field.ConstantValue, c.Value)) return field.Name;
        return null;
    }

    /// <summary>The strings of an array-typed named argument (null when it is not set); null elements stay null.</summary>
    public IReadOnlyList<string?>? Strings(string name)
    {
        if (Named(name) is not { } c) return null;
        if (c.Kind != TypedConstantKind.Array) return c.Value is string single ? new[] { single } : null;
        if (c.IsNull) return null;
        var result = new List<string?>(c.Values.Length);
        foreach (var v in c.Values) result.Add(v.Value as string);
        return result;
    }

    /// <summary>Where a named argument's value is written; the attribute when it cannot be found.</summary>
    public Location NamedLocation(string name) => NamedExpression(name)?.GetLocation() ?? Location;

    /// <summary>Where a positional argument's value is written; the attribute when it cannot be found.</summary>
    public Location ConstructorLocation(int index)
    {
        if (_syntax?.ArgumentList is { } list)
        {
            var i = 0;
            foreach (var argument in list.Arguments)
            {
                if (argument.NameEquals is not null) continue;
                if (i++ == index) return argument.Expression.GetLocation();
            }
        }
        return Location;
    }

    /// <summary>Where element <paramref name="index"/> of an array-typed named argument is written.</summary>
    public Location ElementLocation(string name, int index)
    {
        var expression = NamedExpression(name);
        if (expression is null) return Location;
        var elements = Elements(expression);
        return elements is not null && index < elements.Count ? elements[index].GetLocation() : expression.GetLocation();
    }

    /// <summary>Element <paramref name="index"/> of an array-typed named argument when it is written as a string literal.</summary>
    public bool IsStringLiteralElement(string name, int index)
    {
        var expression = NamedExpression(name);
        if (expression is null) return false;
        var elements = Elements(expression);
        return elements is not null && index < elements.Count && elements[index] is LiteralExpressionSyntax;
    }

    /// <summary>Whether the first positional argument is written as a string literal.</summary>
    public bool IsStringLiteralConstructorArgument()
    {
        if (_syntax?.ArgumentList is not { } list) return false;
        foreach (var argument in list.Arguments)
            if (argument.NameEquals is null) return argument.Expression is LiteralExpressionSyntax;
        return false;
    }

    private ExpressionSyntax? NamedExpression(string name)
    {
        if (_syntax?.ArgumentList is not { } list) return null;
        foreach (var argument in list.Arguments)
            if (argument.NameEquals?.Name.Identifier.ValueText == name) return argument.Expression;
        return null;
    }

    private static IReadOnlyList<ExpressionSyntax>? Elements(ExpressionSyntax expression)
    {
        switch (expression)
        {
            case ArrayCreationExpressionSyntax { Initializer: { } init }:
                return init.Expressions;
            case ImplicitArrayCreationExpressionSyntax { Initializer: { } init }:
                return init.Expressions;
            case InitializerExpressionSyntax init:
                return init.Expressions;
            case CollectionExpressionSyntax collection:
                var result = new List<ExpressionSyntax>();
                foreach (var e in collection.Elements)
                    if (e is ExpressionElementSyntax element) result.Add(element.Expression);
                    else return null;
                return result;
            default:
                return new[] { expression };
        }
    }
}
