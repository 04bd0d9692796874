using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using DltNet.Generators.Helpers;
using DltNet.Generators.Model;
using DltNet.Schema;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DltNet.Generators.Parsing;

/// <summary>
/// Reads row types (records, classes, structs) and the types reachable from their members into <see cref="RowTypeSpec"/>s.
/// One collector serves one parse step; it memoizes types so recursive types terminate.
/// </summary>
internal sealed class RowTypeCollector(KnownTypeSymbols known, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
{
    private readonly Dictionary<ITypeSymbol, Shape> _shapes = new(SymbolEqualityComparer.Default);
    private readonly List<Shape> _order = [];

    private sealed class Shape(INamedTypeSymbol type, string fullyQualifiedName)
    {
        public INamedTypeSymbol Type { get; } = type;
        public string FullyQualifiedName { get; } = fullyQualifiedName;
        public List<MemberSpec> Members { get; } = [];
        public TableHintsSpec TableHints { get; set; } = TableHintsSpec.None;
    }

    /// <summary>
    /// Why <paramref name="type"/> cannot be a row type with a generated converter, or null when it can.
    /// Types of the runtime's value model (scalars, collections, dictionaries, JSON) are not row types either; callers check those first.
    /// </summary>
    public string? WhyNotRowType(ITypeSymbol type)
    {
        if (type is not INamedTypeSymbol named) return "it is not a class, record or struct";
        if (named.TypeKind is not (TypeKind.Class or TypeKind.Struct)) return "it is not a class, record or struct";
        if (named.IsAbstract) return "it is abstract, so the members of the actual rows are not known at build time";
        if (named.IsRefLikeType) return "it is a ref struct, which cannot be boxed into a row";
        for (var t = named; t is not null; t = t.ContainingType)
            if (t.TypeParameters.Length > 0) return "generic types are not supported; declare a non-generic record for the rows";
        if (!known.Compilation.IsSymbolAccessibleWithin(named, known.Compilation.Assembly))
            return "it is not accessible from generated code in this assembly (make it internal or public)";
        if (named.DeclaredAccessibility is Accessibility.Private or Accessibility.Protected or Accessibility.ProtectedAndInternal)
            return "it is not accessible from generated code in this assembly (make it internal or public)";
        return null;
    }

    /// <summary>True when <paramref name="type"/> is a user type that becomes a nested object (not a framework type).</summary>
    private static bool IsUserType(INamedTypeSymbol type)
    {
        var ns = type.ContainingNamespace;
        while (ns is { ContainingNamespace.IsGlobalNamespace: false }) ns = ns.ContainingNamespace;
        var root = ns is null || ns.IsGlobalNamespace ? "" : ns.Name;
        return root is not ("System" or "Microsoft");
    }

    /// <summary>Registers a row type and everything its members reach; returns its fully qualified name.</summary>
    public string Add(INamedTypeSymbol type)
    {
        if (_shapes.TryGetValue(type, out var existing)) return existing.FullyQualifiedName;
        var shape = new Shape(type, type.ToDisplayString(Literals.PlainTypeFormat));
        _shapes[type] = shape;
        _order.Add(shape);
        shape.TableHints = ReadTableHints(type);
        foreach (var member in ReadableMembers(type))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var spec = ReadMember(type, member);
            if (spec is not null) shape.Members.Add(spec);
        }
        return shape.FullyQualifiedName;
    }

    /// <summary>The members of a registered row type.</summary>
    public IReadOnlyList<MemberSpec>? MembersOf(ITypeSymbol type) => _shapes.TryGetValue(type, out var s) ? s.Members : null;

    /// <summary>The <c>[DltTable]</c> hints of a registered row type.</summary>
    public TableHintsSpec TableHintsOf(ITypeSymbol type) => _shapes.TryGetValue(type, out var s) ? s.TableHints : TableHintsSpec.None;

    /// <summary>The specs of all registered row types, ordered by name.</summary>
    public EquatableArray<RowTypeSpec> Build()
    {
        var byName = _order.ToDictionary(s => s.FullyQualifiedName, s => s.Members.ToEquatableArray(), StringComparer.Ordinal);
        EquatableArray<MemberSpec>? MembersOfName(string name) => byName.TryGetValue(name, out var m) ? m : null;
        var result = new List<RowTypeSpec>();
        foreach (var shape in _order.OrderBy(s => s.FullyQualifiedName, StringComparer.Ordinal))
        {
            var type = shape.Type;
            var ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString(Literals.NamespaceFormat) : "";
            var chain = new List<string>();
            for (var t = type; t is not null; t = t.ContainingType) chain.Insert(0, t.Name);
            var className = string.Join("_", chain) + "DltTable";
            var hintName = shape.FullyQualifiedName.Substring("global::".Length) + ".DltTable.g.cs";
            var tableName = shape.TableHints.TableName ?? Names.Identifier(type.Name);
            var tables = TableShapeBuilder.Build(shape.FullyQualifiedName, MembersOfName, shape.TableHints.MaxTableNesting);
            var writer = WriterPlanBuilder.Build(shape.FullyQualifiedName, MembersOfName, tables);
            result.Add(new RowTypeSpec(shape.FullyQualifiedName, ns, className, hintName, tableName, shape.TableHints, byName[shape.FullyQualifiedName], tables, writer));
        }
        return result.ToEquatableArray();
    }

    /// <summary>Table sets of a registered row type for another max table nesting.</summary>
    public TableSetSpec TablesFor(ITypeSymbol type, int? maxTableNesting)
    {
        var byName = _order.ToDictionary(s => s.FullyQualifiedName, s => s.Members.ToEquatableArray(), StringComparer.Ordinal);
        return TableShapeBuilder.Build(_shapes[type].FullyQualifiedName, n => byName.TryGetValue(n, out var m) ? m : null, maxTableNesting);
    }

    /// <summary>Maps a member name of <paramref name="type"/> to its key in the converted row (its <c>[DltColumn]</c> name); other names stay.</summary>
    public string KeyOf(ITypeSymbol type, string memberName)
    {
        var members = MembersOf(type);
        if (members is null) return memberName;
        foreach (var m in members)
            if (string.Equals(m.MemberName, memberName, StringComparison.Ordinal)) return m.Key;
        return memberName;
    }

    /// <summary>Maps a dotted member path (<c>Author.Login</c>) to keys, following nested row types.</summary>
    public string PathOf(ITypeSymbol type, string path)
    {
        var parts = path.Split('.');
        ITypeSymbol? current = type;
        for (var i = 0; i < parts.Length; i++)
        {
            if (current is null || MembersOf(current) is not { } members) break;
            var member = members.FirstOrDefault(m => string.Equals(m.MemberName, parts[i], StringComparison.Ordinal));
            if (member is null) break;
            parts[i] = member.Key;
            current = member.Value.Kind == ValueKind.Object ? _shapes.Keys.FirstOrDefault(k => _shapes[k].FullyQualifiedName == member.Value.RowType) : null;
        }
        return string.Join(".", parts);
    }

    private TableHintsSpec ReadTableHints(INamedTypeSymbol type)
    {
        var attr = type.GetAttributes().FirstOrDefault(a => KnownTypeSymbols.Is(a.AttributeClass, known.DltTableAttribute));
        if (attr is null) return TableHintsSpec.None;
        var args = new AttributeArgs(attr);
        var name = args.ConstructorString(0) ?? args.String("Name");
        var nesting = args.Int("MaxTableNesting") is { } n && n >= 0 ? n : (int?)null;
        var wd = args.EnumName("WriteDisposition");
        var strategy = args.EnumName("MergeStrategy");
        var contract = args.String("SchemaContract");
        if (contract is not null && Names.SchemaContractMode(contract) is null)
        {
            Report(GeneratorDiagnostics.RowTypeNotGenerated, type, type.Name,
                $"SchemaContract \"{contract}\" of [DltTable] is not a mode (evolve, freeze, discard_row, discard_value); it is ignored");
            contract = null;
        }
        return new TableHintsSpec(string.IsNullOrWhiteSpace(name) ? null : name, nesting, wd, strategy, contract, args.String("FileFormat"), args.String("TableFormat"));
    }

    private IEnumerable<ISymbol> ReadableMembers(INamedTypeSymbol type)
    {
        // the reflection fallback's order: properties (most derived type first), then fields
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var properties = new List<ISymbol>();
        var fields = new List<ISymbol>();
        for (var t = type; t is not null && t.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); t = t.BaseType)
        {
            foreach (var m in t.GetMembers())
            {
                switch (m)
                {
                    case IPropertySymbol p when !p.IsStatic && !p.IsIndexer && p.DeclaredAccessibility == Accessibility.Public
                                                && p.GetMethod is { DeclaredAccessibility: Accessibility.Public }:
                        if (seen.Add("p:" + p.Name)) properties.Add(p);
                        break;
                    case IFieldSymbol f when !f.IsStatic && !f.IsConst && f.DeclaredAccessibility == Accessibility.Public && !f.IsImplicitlyDeclared:
                        if (seen.Add("f:" + f.Name)) fields.Add(f);
                        break;
                }
            }
        }
        return properties.Concat(fields);
    }

    private MemberSpec? ReadMember(INamedTypeSymbol owner, ISymbol member)
    {
        var (type, annotation) = member switch
        {
            IPropertySymbol p => (p.Type, p.NullableAnnotation),
            IFieldSymbol f => (f.Type, f.NullableAnnotation),
            _ => throw new InvalidOperationException(),
        };
        var attributes = AttributesOf(owner, member);
        if (attributes.Any(a => KnownTypeSymbols.Is(a.AttributeClass, known.DltIgnoreAttribute))) return null;
        if (type.IsRefLikeType || type.TypeKind is TypeKind.Pointer or TypeKind.FunctionPointer)
        {
            Report(GeneratorDiagnostics.MemberSkipped, member, member.Name, owner.Name, "ref structs and pointers cannot be stored in a row; the member is not loaded");
            return null;
        }
        var column = attributes.FirstOrDefault(a => KnownTypeSymbols.Is(a.AttributeClass, known.DltColumnAttribute));
        var hints = column is null ? ColumnHintsSpec.None : ReadColumnHints(owner, member, new AttributeArgs(column));
        var key = column is null ? member.Name : new AttributeArgs(column).ConstructorString(0) ?? new AttributeArgs(column).String("Name") ?? member.Name;
        if (string.IsNullOrEmpty(key)) key = member.Name;
        var value = Classify(type, annotation, hints.DataType);
        return new MemberSpec(member.Name, key, Names.Column(key), value, hints);
    }

    /// <summary>Attributes of a member, plus those on the positional record parameter it comes from.</summary>
    private List<AttributeData> AttributesOf(INamedTypeSymbol owner, ISymbol member)
    {
        var result = new List<AttributeData>(member.GetAttributes());
        if (member is IPropertySymbol && member.DeclaringSyntaxReferences.Length > 0
            && member.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is ParameterSyntax)
        {
            foreach (var ctor in owner.InstanceConstructors)
            {
                var parameter = ctor.Parameters.FirstOrDefault(p => p.Name == member.Name
                    && p.DeclaringSyntaxReferences.Any(r => SyntaxEquals(r, member.DeclaringSyntaxReferences[0])));
                if (parameter is not null)
                {
                    result.AddRange(parameter.GetAttributes());
                    break;
                }
            }
        }
        return result;
    }

    private static bool SyntaxEquals(SyntaxReference a, SyntaxReference b) => a.SyntaxTree == b.SyntaxTree && a.Span == b.Span;

    private ColumnHintsSpec ReadColumnHints(INamedTypeSymbol owner, ISymbol member, AttributeArgs args)
    {
        var dataType = args.EnumName("DataType");
        var precision = args.Int("Precision") is { } p && p > 0 ? p : (int?)null;
        var scale = args.Int("Scale") is { } s && s >= 0 ? s : (int?)null;
        string? dedup = null;
        if (args.String("DedupSort") is { } d)
        {
            dedup = d.Trim().ToLowerInvariant() switch { "asc" => "Asc", "desc" => "Desc", _ => null };
            if (dedup is null)
                Report(GeneratorDiagnostics.MemberSkipped, member, member.Name, owner.Name,
                    $"DedupSort \"{d}\" is neither \"asc\" nor \"desc\"; the hint is ignored");
        }
        return new ColumnHintsSpec(dataType, precision, scale, args.Bool("Nullable"), args.Bool("NoTimezone") == true ? false : null,
            args.Bool("PrimaryKey") == true, args.Bool("MergeKey") == true, args.Bool("HardDelete") == true, dedup,
            args.Bool("Unique") == true, args.Bool("Partition") == true, args.Bool("Cluster") == true);
    }

    /// <summary>Classifies a member or element type the way the runtime's ItemConverter.ToValue treats its values.</summary>
    public ValueSpec Classify(ITypeSymbol type, NullableAnnotation annotation, string? dataTypeHint)
    {
        bool? nullable;
        var isNullableValueType = false;
        if (type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T && type is INamedTypeSymbol nt)
        {
            type = nt.TypeArguments[0];
            isNullableValueType = true;
            nullable = true;
        }
        else if (type.IsReferenceType)
        {
            nullable = annotation switch
            {
                NullableAnnotation.Annotated => true,
                NullableAnnotation.NotAnnotated => false,
                _ => null,
            };
        }
        else if (type.TypeKind == TypeKind.TypeParameter)
        {
            nullable = null;
        }
        else
        {
            nullable = false;
        }

        // nested nullable annotations stay (List<Label?>), the top-level one is in IsNullable
        var typeName = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(Literals.TypeFormat);
        ValueSpec Make(ValueKind kind, ScalarConversion conversion = ScalarConversion.Direct, string? dataType = null,
            string? rowType = null, string? rowClass = null, ValueSpec? element = null) =>
            new(kind, typeName, isNullableValueType, type.IsReferenceType, nullable, conversion, dataType, rowType, rowClass, element);
        ValueSpec Scalar(ScalarConversion conversion, string dataType) => Make(ValueKind.Scalar, conversion, dataType);

        if (type.TypeKind == TypeKind.Enum)
            return dataTypeHint == "Bigint" ? Scalar(ScalarConversion.EnumToInt64, "Bigint") : Scalar(ScalarConversion.ToText, "Text");

        switch (type.SpecialType)
        {
            case SpecialType.System_Int64: return Scalar(ScalarConversion.Direct, "Bigint");
            case SpecialType.System_Int32 or SpecialType.System_Int16 or SpecialType.System_SByte or SpecialType.System_Byte
                or SpecialType.System_UInt16 or SpecialType.System_UInt32:
                return Scalar(ScalarConversion.ToInt64, "Bigint");
            case SpecialType.System_UInt64: return Scalar(ScalarConversion.Runtime, "Wei");
            case SpecialType.System_Double: return Scalar(ScalarConversion.Direct, "Double");
            case SpecialType.System_Single: return Scalar(ScalarConversion.Runtime, "Double");
            case SpecialType.System_Decimal: return Scalar(ScalarConversion.Direct, "Decimal");
            case SpecialType.System_Boolean: return Scalar(ScalarConversion.Direct, "Bool");
            case SpecialType.System_String: return Scalar(ScalarConversion.Direct, "Text");
            case SpecialType.System_Char: return Scalar(ScalarConversion.ToText, "Text");
            case SpecialType.System_DateTime: return Scalar(ScalarConversion.Runtime, "Timestamp");
            case SpecialType.System_Object: return Make(ValueKind.Dynamic);
        }

        if (type is IArrayTypeSymbol array)
        {
            if (array.ElementType.SpecialType == SpecialType.System_Byte && array.IsSZArray) return Scalar(ScalarConversion.Direct, "Binary");
            if (!array.IsSZArray) return Make(ValueKind.Dynamic);
            return Make(ValueKind.Collection, element: Classify(array.ElementType, array.ElementNullableAnnotation, null));
        }
        if (type is not INamedTypeSymbol named) return Make(ValueKind.Dynamic);

        if (Eq(named, known.DateTimeOffset)) return Scalar(ScalarConversion.Direct, "Timestamp");
        if (Eq(named, known.DateOnly)) return Scalar(ScalarConversion.Direct, "Date");
        if (Eq(named, known.TimeOnly)) return Scalar(ScalarConversion.Direct, "Time");
        if (Eq(named, known.Guid) || Eq(named, known.Uri)) return Scalar(ScalarConversion.ToText, "Text");
        if (Eq(named, known.Half)) return Scalar(ScalarConversion.Runtime, "Double");
        if (Eq(named, known.Int128) || Eq(named, known.UInt128) || Eq(named, known.BigInteger)) return Scalar(ScalarConversion.Runtime, "Wei");
        if ((Eq(named.OriginalDefinition, known.MemoryOfT) || Eq(named.OriginalDefinition, known.ReadOnlyMemoryOfT))
            && named.TypeArguments[0].SpecialType == SpecialType.System_Byte)
            return Scalar(ScalarConversion.ToArray, "Binary");
        if (IsDictionary(named) || Eq(named, known.DltObject)) return Make(ValueKind.DynamicObject);
        if (Eq(named, known.JsonElement) || Eq(named, known.JsonDocument) || InheritsFrom(named, known.JsonNode) || Eq(named, known.TimeSpan))
            return Make(ValueKind.Dynamic);

        if (ElementOf(named) is { } element)
        {
            if (element.Type is INamedTypeSymbol kv && Eq(kv.OriginalDefinition, known.KeyValuePairOfT)) return Make(ValueKind.DynamicObject);
            return Make(ValueKind.Collection, element: Classify(element.Type, element.Annotation, null));
        }
        if (named.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable)) return Make(ValueKind.Dynamic);

        if (!IsUserType(named)) return Make(ValueKind.Dynamic);
        if (WhyNotRowType(named) is { } reason)
        {
            Report(GeneratorDiagnostics.RowTypeNotGenerated, named, named.ToDisplayString(), reason + "; its values are converted at run time");
            return Make(ValueKind.Dynamic);
        }
        var fqn = Add(named);
        var rowClass = RowClassName(named);
        return Make(ValueKind.Object, rowType: fqn, rowClass: rowClass);
    }

    /// <summary>The fully qualified name of the class generated for a row type.</summary>
    public static string RowClassName(INamedTypeSymbol type)
    {
        var chain = new List<string>();
        for (var t = type; t is not null; t = t.ContainingType) chain.Insert(0, t.Name);
        var ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString(Literals.NamespaceFormat) + "." : "";
        return "global::" + ns + string.Join("_", chain) + "DltTable";
    }

    private bool IsDictionary(INamedTypeSymbol type)
    {
        bool IsDict(INamedTypeSymbol t) =>
            Eq(t.OriginalDefinition, known.DictionaryOfT) || Eq(t.OriginalDefinition, known.ReadOnlyDictionaryOfT) || Eq(t, known.NonGenericDictionary);
        return IsDict(type) || type.AllInterfaces.Any(IsDict);
    }

    private static (ITypeSymbol Type, NullableAnnotation Annotation)? ElementOf(INamedTypeSymbol type)
    {
        if (type.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
            return (type.TypeArguments[0], type.TypeArgumentNullableAnnotations[0]);
        var enumerables = type.AllInterfaces.Where(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T).ToList();
        if (enumerables.Count != 1) return null;
        return (enumerables[0].TypeArguments[0], enumerables[0].TypeArgumentNullableAnnotations[0]);
    }

    private static bool InheritsFrom(INamedTypeSymbol type, INamedTypeSymbol? baseType)
    {
        for (var t = type; t is not null; t = t.BaseType)
            if (Eq(t, baseType)) return true;
        return false;
    }

    private static bool Eq(ITypeSymbol? a, ITypeSymbol? b) => a is not null && b is not null && SymbolEqualityComparer.Default.Equals(a, b);

    private void Report(DiagnosticDescriptor descriptor, ISymbol symbol, params string[] args) =>
        diagnostics.Add(new DiagnosticInfo(descriptor.Id, args.ToEquatableArray(), LocationInfo.From(symbol.Locations.FirstOrDefault())));
}
