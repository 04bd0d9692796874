using System.Collections.Generic;
using System.Linq;
using DltNet.Generators.Model;
using DltNet.Generators.Parsing;
using static DltNet.Generators.Emitting.EmitterHelpers;

namespace DltNet.Generators.Emitting;

/// <summary>Emits the <c>{Method}Resource(...)</c> factory of a <c>[DltResource]</c> method.</summary>
internal static class ResourceEmitter
{
    private const string ResourceVariable = "__dltResource";
    private const string CursorVariable = "__dltCursor";
    private const string TokenVariable = "__dltCancellationToken";
    private const string SelfVariable = "__dltSelf";

    public static string Emit(ResourceSpec spec)
    {
        var w = new SourceWriter();
        WriteHeader(w);
        var blocks = OpenContainingType(w, spec.Containing);
        var schemaField = "__dlt" + spec.MethodName + "Schema";
        if (spec.Tables is { } tables)
        {
            w.WriteLine("/// <summary>The tables of resource <c>" + Xml(spec.ResourceName) + "</c> for its max table nesting.</summary>");
            w.WriteLine(GeneratedCodeAttribute);
            WriteSchema(w, "private static readonly " + TypedTableSchema + " " + schemaField + " = ", spec.ResourceName, tables, ";");
            w.WriteLine();
        }

        var factoryParameters = spec.Parameters.Where(p => p.Role is ParameterRole.Value or ParameterRole.IncrementalValue).ToList();
        var cursor = spec.Parameters.FirstOrDefault(p => p.Role == ParameterRole.Incremental);

        w.WriteLine("/// <summary>");
        w.WriteLine("/// Creates the dlt resource <c>" + Xml(spec.ResourceName) + "</c> that runs <c>" + Xml(spec.MethodName) + "</c> with its [DltResource] hints"
                    + (spec.RowClass is null ? "." : " and the generated table schema of its rows."));
        w.WriteLine("/// </summary>");
        foreach (var p in factoryParameters)
            w.WriteLine("/// <param name=\"" + p.Name.TrimStart('@') + "\">Passed to <c>" + Xml(spec.MethodName) + "</c>"
                        + (p.Role == ParameterRole.IncrementalValue ? "; also set as the resource's incremental cursor." : ".") + "</param>");
        if (cursor is not null)
            w.WriteLine("/// <param name=\"" + cursor.Name.TrimStart('@') + "\">The incremental cursor passed to <c>" + Xml(spec.MethodName)
                        + "</c> and set on the resource; default: created from its [DltIncremental] attribute.</param>");
        w.WriteLine(GeneratedCodeAttribute);
        var signature = factoryParameters.Select(p => p.TypeName + " " + p.Name + (p.DefaultValue is { } d ? " = " + d : "")).ToList();
        if (cursor is not null) signature.Add(Nullable(cursor.TypeName) + " " + cursor.Name + " = null");
        w.OpenBlock(spec.Accessibility + (spec.IsStatic ? " static " : " ") + DltResource + " " + spec.FactoryName + "(" + string.Join(", ", signature) + ")");

        if (cursor is not null) w.WriteLine("var " + CursorVariable + " = " + cursor.Name + " ?? " + NewIncremental(cursor.Incremental!) + ";");
        if (!spec.IsStatic) w.WriteLine("var " + SelfVariable + " = this;");
        var arguments = spec.Parameters.Select(p => p.Role switch
        {
            ParameterRole.CancellationToken => TokenVariable,
            ParameterRole.Incremental => CursorVariable,
            _ => p.Name,
        });
        // qualified, so that a parameter named like the method cannot hide it
        var call = (spec.IsStatic ? spec.Containing.FullyQualifiedName : SelfVariable) + "." + Literals.Identifier(spec.MethodName) + "(" + string.Join(", ", arguments) + ")";
        var stream = TypedRows + "." + (spec.IsAsync ? "FromAsyncEnumerable" : "FromEnumerable") + "(" + call + ", " + TokenVariable + ")";
        w.WriteLine("var " + ResourceVariable + " = new " + DltResource + "(" + Literals.String(spec.ResourceName) + ", " + TokenVariable + " => " + stream + ");");
        if (cursor is not null) w.WriteLine(ResourceVariable + ".Incremental = " + CursorVariable + ";");
        foreach (var p in factoryParameters.Where(p => p.Role == ParameterRole.IncrementalValue))
            w.WriteLine("if (" + p.Name + " is not null) " + ResourceVariable + ".Incremental = " + p.Name + ";");
        WriteHints(w, ResourceVariable, spec.Hints);
        if (spec.Tables is not null) w.WriteLine(schemaField + ".ApplyTo(" + ResourceVariable + ");");
        else if (spec.RowClass is not null) w.WriteLine(spec.RowClass + ".Schema.ApplyTo(" + ResourceVariable + ");");
        w.WriteLine("return " + ResourceVariable + ";");
        w.CloseBlock();
        CloseBlocks(w, blocks);
        return w.ToString();
    }

    private static string Nullable(string typeName) => typeName.EndsWith("?") ? typeName : typeName + "?";

    private static string NewIncremental(IncrementalSpec inc)
    {
        var args = new List<string> { Literals.String(inc.CursorPath) };
        if (inc.InitialValue is { } iv) args.Add("initialValue: " + iv);
        if (inc.EndValue is { } ev) args.Add("endValue: " + ev);
        if (inc.LastValueFunc is { } lvf) args.Add("lastValueFunc: " + Literals.String(lvf));
        if (inc.PrimaryKey is { } pk) args.Add("primaryKey: new string[] { " + string.Join(", ", pk.Select(Literals.String)) + " }");
        if (inc.Lag is { } lag) args.Add("lag: " + lag);
        if (inc.RowOrder is { } ro) args.Add("rowOrder: " + Literals.String(ro));
        if (inc.OnCursorValueMissing is { } m) args.Add("onCursorValueMissing: " + Literals.String(m));
        return "new global::DltNet.Extract.Incremental<" + inc.CursorTypeName + ">(" + string.Join(", ", args) + ")";
    }
}
