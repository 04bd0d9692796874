using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DltNet.Analyzers.CodeFixes;

/// <summary>DLT0001 and DLT0002: replaces a misspelled key or cursor path literal with the member name the analyzer found.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReplaceKeyCodeFix)), Shared]
public sealed class ReplaceKeyCodeFix : CodeFixProvider
{
    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(DltDiagnostics.KeyMemberNotFound.Id, DltDiagnostics.CursorPathNotFound.Id);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(DltDiagnostics.ReplacementProperty, out var replacement) || replacement is null) continue;
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not LiteralExpressionSyntax literal
                || !literal.IsKind(SyntaxKind.StringLiteralExpression))
                continue;
            context.RegisterCodeFix(
                CodeAction.Create($"Use '{replacement}'", ct => ReplaceAsync(context.Document, literal, replacement, ct),
                    equivalenceKey: nameof(ReplaceKeyCodeFix) + ":" + replacement),
                diagnostic);
        }
    }

    private static async Task<Document> ReplaceAsync(Document document, LiteralExpressionSyntax literal, string replacement, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null) return document;
        var updated = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(replacement)).WithTriviaFrom(literal);
        return document.WithSyntaxRoot(root.ReplaceNode(literal, updated));
    }
}
