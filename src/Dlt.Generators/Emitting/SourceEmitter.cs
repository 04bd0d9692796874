using System.Linq;
using DltNet.Generators.Model;
using DltNet.Generators.Parsing;
using static DltNet.Generators.Emitting.EmitterHelpers;

namespace DltNet.Generators.Emitting;

/// <summary>Emits the <c>Source(...)</c> factory of a <c>[DltSource]</c> class.</summary>
internal static class SourceEmitter
{
    private const string SourceVariable = "__dltSource";

    public static string Emit(SourceSpec spec)
    {
        var w = new SourceWriter();
        WriteHeader(w);
        var blocks = OpenContainingType(w, spec.Containing);
        w.WriteLine("/// <summary>");
        w.WriteLine("/// Creates the dlt source <c>" + Xml(spec.SourceName) + "</c> (also its schema name) with "
                    + (spec.Resources.Count == 0 ? "no resources." : "its resources: "
                       + string.Join(", ", spec.Resources.Select(r => "<c>" + Xml(r.FactoryName) + "</c>")) + "."));
        w.WriteLine("/// </summary>");
        foreach (var p in spec.Parameters)
            w.WriteLine("/// <param name=\"" + p.Name.TrimStart('@') + "\">Passed to the resources that take it.</param>");
        w.WriteLine(GeneratedCodeAttribute);
        var signature = spec.Parameters.Select(p => p.TypeName + " " + p.Name + (p.DefaultValue is { } d ? " = " + d : ""));
        w.OpenBlock(spec.Accessibility + (spec.IsStatic ? " static " : " ") + DltSource + " Source(" + string.Join(", ", signature) + ")");
        if (spec.Resources.Count == 0)
        {
            w.WriteLine("var " + SourceVariable + " = new " + DltSource + "(" + Literals.String(spec.SourceName) + ", global::System.Array.Empty<" + DltResource + ">());");
        }
        else
        {
            w.WriteLine("var " + SourceVariable + " = new " + DltSource + "(" + Literals.String(spec.SourceName) + ", new " + DltResource + "[]");
            w.OpenBlock();
            foreach (var r in spec.Resources)
                w.WriteLine((r.IsStatic ? spec.Containing.FullyQualifiedName : "this") + "." + r.FactoryName + "(" + string.Join(", ", r.Arguments) + "),");
            w.CloseBlock(");");
        }
        if (spec.MaxTableNesting is { } n) w.WriteLine(SourceVariable + ".MaxTableNesting = " + Literals.Int(n) + ";");
        if (spec.SchemaContract is { } sc)
            w.WriteLine(SourceVariable + ".SchemaContract = global::DltNet.Schema.SchemaContract.Parse(" + Literals.String(Names.SchemaContractMode(sc)!) + ");");
        if (spec.RootKey) w.WriteLine(SourceVariable + ".RootKey = true;");
        w.WriteLine("return " + SourceVariable + ";");
        w.CloseBlock();
        CloseBlocks(w, blocks);
        return w.ToString();
    }
}
