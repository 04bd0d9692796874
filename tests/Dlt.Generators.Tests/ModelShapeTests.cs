using System.Reflection;
using Microsoft.CodeAnalysis;

namespace DltNet.Generators.Tests;

/// <summary>
/// The specs that flow through the incremental pipeline must not hold symbols, syntax, locations or compilations:
/// they would keep compilations alive and defeat caching. This walks every model type by reflection.
/// </summary>
public sealed class ModelShapeTests
{
    private static readonly Type[] Forbidden = [typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Location), typeof(Compilation), typeof(SemanticModel), typeof(AttributeData)];

    private static IEnumerable<Type> ModelTypes() =>
        typeof(DltGenerator).Assembly.GetTypes().Where(t => t.Namespace == "DltNet.Generators.Model" && !IsCompilerGenerated(t));

    private static bool IsCompilerGenerated(Type t) => t.GetCustomAttribute<System.Runtime.CompilerServices.CompilerGeneratedAttribute>() is not null;

    [Fact]
    public void ModelHasTheSpecTypes()
    {
        var names = ModelTypes().Select(t => t.Name).ToHashSet();
        foreach (var expected in new[] { "RowTypeSpec", "ResourceSpec", "SourceSpec", "MemberSpec", "ValueSpec", "TableSetSpec", "DiagnosticInfo", "LocationInfo" })
            Assert.Contains(expected, names);
    }

    [Fact]
    public void ModelTypesHoldNoSymbolsSyntaxLocationsOrCompilations()
    {
        var problems = new List<string>();
        var seen = new HashSet<Type>();
        foreach (var type in ModelTypes().Where(t => t.Name.EndsWith("Spec", StringComparison.Ordinal) || t.Name.EndsWith("Info", StringComparison.Ordinal) || t.Name.StartsWith("ParseResult", StringComparison.Ordinal)))
            Walk(type, type.Name, seen, problems);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>The walk itself finds a symbol held deep inside a spec (a control for the test above).</summary>
    [Fact]
    public void WalkFindsAForbiddenMember()
    {
        var problems = new List<string>();
        Walk(typeof(LeakySpec), nameof(LeakySpec), [], problems);
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.EndsWith(": Microsoft.CodeAnalysis.ISymbol", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.EndsWith(": Microsoft.CodeAnalysis.SyntaxNode", StringComparison.Ordinal));
    }

    private sealed record LeakySpec(string Name, LeakyInner Inner);

    private sealed record LeakyInner(ISymbol Symbol, List<SyntaxNode> Nodes);

    [Fact]
    public void SpecsAreValueEquatable()
    {
        foreach (var type in ModelTypes().Where(t => t.Name.EndsWith("Spec", StringComparison.Ordinal) || t.Name.EndsWith("Info", StringComparison.Ordinal)))
            Assert.True(type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEquatable<>)), $"{type.Name} is not IEquatable");
    }

    private static void Walk(Type type, string path, HashSet<Type> seen, List<string> problems)
    {
        if (!seen.Add(type)) return;
        if (Forbidden.Any(f => f.IsAssignableFrom(type)))
        {
            problems.Add($"{path}: {type.FullName}");
            return;
        }
        if (type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal)) return;
        if (type.IsGenericType)
            foreach (var argument in type.GetGenericArguments()) Walk(argument, $"{path}<{argument.Name}>", seen, problems);
        if (type.IsArray) Walk(type.GetElementType()!, path + "[]", seen, problems);
        if (type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true) return;
        const BindingFlags all = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
        foreach (var field in type.GetFields(all))
            Walk(field.FieldType, $"{path}.{field.Name}", seen, problems);
        foreach (var property in type.GetProperties(all))
            Walk(property.PropertyType, $"{path}.{property.Name}", seen, problems);
    }
}
