using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace DltNet.Analyzers.CodeFixes;

/// <summary>DLT0202: adds <c>[EnumeratorCancellation] CancellationToken cancellationToken = default</c> to an async resource.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddCancellationTokenCodeFix)), Shared]
public sealed class AddCancellationTokenCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DltDiagnostics.AsyncResourceWithoutCancellation.Id);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            var method = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<MethodDeclarationSyntax>().FirstOrDefault();
            if (method is null) continue;
            context.RegisterCodeFix(
                CodeAction.Create("Add an [EnumeratorCancellation] CancellationToken parameter",
                    ct => AddParameterAsync(context.Document, method, ct), equivalenceKey: nameof(AddCancellationTokenCodeFix)),
                diagnostic);
        }
    }

    private static async Task<Document> AddParameterAsync(Document document, MethodDeclarationSyntax method, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null) return document;

        var names = new HashSet<string>(method.ParameterList.Parameters.Select(p => p.Identifier.ValueText));
        var name = "cancellationToken";
        for (var i = 2; names.Contains(name); i++) name = "cancellationToken" + i;

        var attribute = SyntaxFactory.Attribute(SyntaxFactory.ParseName("global::System.Runtime.CompilerServices.EnumeratorCancellation"))
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
        var parameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier(name))
            .WithAttributeLists(SyntaxFactory.SingletonList(SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(attribute))))
            .WithType(SyntaxFactory.ParseTypeName("global::System.Threading.CancellationToken")
                .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation))
            .WithDefault(SyntaxFactory.EqualsValueClause(SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression)));

        var parameters = method.ParameterList.Parameters;
        var index = parameters.Count > 0 && parameters[parameters.Count - 1].Modifiers.Any(SyntaxKind.ParamsKeyword) ? parameters.Count - 1 : parameters.Count;
        var updated = method.WithParameterList(method.ParameterList.WithParameters(parameters.Insert(index, parameter)));

        var withParameter = document.WithSyntaxRoot(root.ReplaceNode(method, updated));
        var withImports = await ImportAdder.AddImportsAsync(withParameter, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await Simplifier.ReduceAsync(withImports, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
