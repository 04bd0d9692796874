using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace DltNet.Analyzers;

/// <summary>
/// Every rule of the dlt analyzers, in one place. Ids are stable (<c>DLTnnnn</c>); each has a page under
/// <c>docs/diagnostics/</c> and a row in AnalyzerReleases.Shipped.md. Ranges: 00xx keys and cursors, 01xx row types,
/// 02xx resource methods, 03xx write dispositions and merge hints, 04xx names, 05xx contracts, 06xx generated members.
/// </summary>
internal static class DltDiagnostics
{
    /// <summary>Where the rule pages live; the id and <c>.md</c> are appended. Change it here when the repository moves.</summary>
    public const string HelpLinkBase = "https://github.com/dlt-dotnet/dlt-dotnet/blob/main/docs/diagnostics/";

    private const string Keys = "DltKeys";
    private const string Incremental = "DltIncremental";
    private const string RowTypes = "DltRowTypes";
    private const string Resources = "DltResources";
    private const string Dispositions = "DltWriteDisposition";
    private const string Naming = "DltNaming";
    private const string Contracts = "DltContracts";
    private const string Generator = "DltGenerator";

    /// <summary>Diagnostic property with the corrected text a code fix puts in place of a key or cursor path literal.</summary>
    public const string ReplacementProperty = "Replacement";

    private static DiagnosticDescriptor Rule(string id, string title, string message, string category, DiagnosticSeverity severity, string description) =>
        new(id, title, message, category, severity, isEnabledByDefault: true, description: description, helpLinkUri: HelpLinkBase + id + ".md");

    public static readonly DiagnosticDescriptor KeyMemberNotFound = Rule(
        "DLT0001", "Key names no member of the row type",
        "{0} '{1}' of '{2}' names no member or column of '{3}'{4}",
        Keys, DiagnosticSeverity.Error,
        "A primary key, merge key, row version column or incremental dedup key must name a member of the row type (its C# name, its [DltColumn] name, or its normalized column name).");

    public static readonly DiagnosticDescriptor CursorPathNotFound = Rule(
        "DLT0002", "Incremental cursor path names no member of the row type",
        "Cursor path '{0}' of parameter '{1}' of '{2}' does not resolve: '{3}' is not a member of '{4}'{5}",
        Incremental, DiagnosticSeverity.Error,
        "The cursor path of [DltIncremental] must name a member (or a dotted path of members) of the row type; otherwise every row fails with IncrementalCursorPathMissing.");

    public static readonly DiagnosticDescriptor CursorTypeMismatch = Rule(
        "DLT0003", "Incremental<T> does not match the cursor member's type",
        "Parameter '{0}' of '{1}' is Incremental<{2}> but its cursor '{3}' is of type '{4}'; use Incremental<{5}>",
        Incremental, DiagnosticSeverity.Error,
        "The last value of a cursor is read from the rows; when T cannot hold the member's values, Start and Last are default and the comparison is wrong.");

    public static readonly DiagnosticDescriptor CursorValueInvalid = Rule(
        "DLT0004", "Incremental initial or end value does not parse",
        "{0} of parameter '{1}' of '{2}': {3}",
        Incremental, DiagnosticSeverity.Error,
        "InitialValue and EndValue of [DltIncremental] are parsed as the cursor type T at build time; an EndValue needs an InitialValue before it.");

    public static readonly DiagnosticDescriptor IncrementalOptionInvalid = Rule(
        "DLT0005", "Incremental cursor option is not valid",
        "[DltIncremental] on parameter '{0}' of '{1}': {2}",
        Incremental, DiagnosticSeverity.Error,
        "LastValueFunc is max or min, RowOrder asc or desc, OnCursorValueMissing raise, include or exclude; the attribute goes on an Incremental<T> parameter and a resource has at most one cursor.");

    public static readonly DiagnosticDescriptor MemberTypeNotStorable = Rule(
        "DLT0101", "Member type cannot be stored",
        "{0} has type '{1}', which cannot be stored: {2}; mark it [DltIgnore] or change its type",
        RowTypes, DiagnosticSeverity.Error,
        "Pointers, delegates, reflection objects, streams, tasks, handles and open generic type parameters are not data; the runtime throws when it meets them in a row.");

    public static readonly DiagnosticDescriptor MemberTypeNotKnown = Rule(
        "DLT0102", "Member type is not known at build time",
        "{0} has type '{1}': {2}",
        RowTypes, DiagnosticSeverity.Warning,
        "The column type of an object member is inferred from every row's value, and abstract, interface and generic types get no generated converter (their values are read with reflection, which trimmed and NativeAOT apps do not have).");

    public static readonly DiagnosticDescriptor RecursiveRowType = Rule(
        "DLT0103", "Recursive row type without a json hint",
        "Member '{0}' of '{1}' refers back to '{2}', so the tables and columns depend on how deep the data goes; add [DltColumn(DataType = DltDataType.Json)] to store it as one JSON value, or [DltIgnore]",
        RowTypes, DiagnosticSeverity.Warning,
        "A type that contains itself (directly or through other members) unnests into a new column or nested table per level of the data.");

    public static readonly DiagnosticDescriptor ResourceReturnType = Rule(
        "DLT0201", "Resource method does not return IEnumerable<T> or IAsyncEnumerable<T>",
        "[DltResource] method '{0}' returns '{1}'; a resource yields rows: return IEnumerable<T> or IAsyncEnumerable<T>{2}",
        Resources, DiagnosticSeverity.Error,
        "The runtime and the generated factory enumerate a resource method's result; other return types cannot be resources.");

    public static readonly DiagnosticDescriptor AsyncResourceWithoutCancellation = Rule(
        "DLT0202", "Async resource takes no cancellation token",
        "Async resource '{0}' takes no [EnumeratorCancellation] CancellationToken, so a cancelled run cannot stop its awaits",
        Resources, DiagnosticSeverity.Info,
        "The pipeline cancels extraction through the async enumerator's token; an async iterator receives it only in a CancellationToken parameter marked [EnumeratorCancellation].");

    public static readonly DiagnosticDescriptor KeyRequired = Rule(
        "DLT0301", "Merge strategy needs a primary key",
        "Resource '{0}' uses merge strategy {1}, which needs a primary key: set PrimaryKey on [DltResource] or [DltColumn(PrimaryKey = true)] on a member of '{2}'",
        Dispositions, DiagnosticSeverity.Error,
        "upsert and insert-only match rows by primary key; dlt fails the load with SchemaCorruptedException when there is none.");

    public static readonly DiagnosticDescriptor Scd2WithoutMergeKey = Rule(
        "DLT0302", "scd2 with a primary key but no merge key",
        "Resource '{0}' uses scd2 with primary key {1} but no merge key: scd2 ignores the primary key and retires every active record missing from a load; set MergeKey = {1} if loads carry only changed records",
        Dispositions, DiagnosticSeverity.Warning,
        "scd2 compares whole-row hashes. Without a merge key each load is taken as a full extract and records absent from it are closed; a primary key does not change that.");

    public static readonly DiagnosticDescriptor HardDeleteNotBool = Rule(
        "DLT0303", "Hard delete flag on a member that is always set",
        "Hard delete member '{0}' of '{1}' has type '{2}', which is never null, so every row would delete its record; use bool (true deletes) or a nullable type (non-null deletes)",
        Dispositions, DiagnosticSeverity.Warning,
        "dlt deletes a record when a bool hard_delete column is true, or when a column of any other type is not NULL.");

    public static readonly DiagnosticDescriptor MergeHintIgnored = Rule(
        "DLT0304", "Merge hint is ignored",
        "{0} of '{1}' is ignored: {2}",
        Dispositions, DiagnosticSeverity.Warning,
        "dlt ignores hard_delete and dedup_sort outside merge (and in scd2), merge keys in upsert and insert-only, and dedup_sort without a primary key.");

    public static readonly DiagnosticDescriptor MergeHintInvalid = Rule(
        "DLT0305", "Merge hint is not valid",
        "{0}",
        Dispositions, DiagnosticSeverity.Error,
        "A table has at most one hard_delete and one dedup_sort column, and dedup_sort is asc or desc; dlt fails the load otherwise.");

    public static readonly DiagnosticDescriptor ColumnNameCollision = Rule(
        "DLT0401", "Two members map to the same column",
        "Members '{0}' and '{1}' of '{2}' both become column '{3}'; rename one or give it another [DltColumn] name",
        Naming, DiagnosticSeverity.Error,
        "Column names are the member names normalized to snake_case (nested members joined with __); two members with one name overwrite each other's values.");

    public static readonly DiagnosticDescriptor TableNameCollision = Rule(
        "DLT0402", "Two resources map to the same table",
        "Resources '{0}' and '{1}' of source '{2}' clash: {3}",
        Naming, DiagnosticSeverity.Warning,
        "Resource and table names are normalized to snake_case; two resources of one source whose names differ only in spelling load the same table, and two resources with one name cannot both be in a source.");

    public static readonly DiagnosticDescriptor EmptyName = Rule(
        "DLT0403", "Name is empty after normalization",
        "{0} '{1}' of '{2}' is empty after snake_case normalization; use a name with letters or digits",
        Naming, DiagnosticSeverity.Error,
        "Names made only of whitespace or path separators (__) normalize to nothing: the column becomes _empty, and an empty table or resource name fails at run time.");

    public static readonly DiagnosticDescriptor WriteDispositionInvalid = Rule(
        "DLT0501", "Write disposition is not valid",
        "'{0}': {1}",
        Contracts, DiagnosticSeverity.Error,
        "skip is reserved for dlt's own tables, merge strategies need WriteDisposition = Merge, the scd2 options need MergeStrategy = Scd2, and ActiveRecordTimestamp is ISO-8601.");

    public static readonly DiagnosticDescriptor SchemaContractInvalid = Rule(
        "DLT0502", "Schema contract is not a mode",
        "SchemaContract \"{0}\" of '{1}' is not a contract mode; use evolve, freeze, discard_row or discard_value",
        Contracts, DiagnosticSeverity.Error,
        "The SchemaContract shorthand of [DltSource], [DltResource] and [DltTable] is one of dlt's contract modes.");

    public static readonly DiagnosticDescriptor TypeNotPartial = Rule(
        "DLT0601", "Type must be partial for the generated members",
        "'{0}' must be declared partial so that the generator can add {1} to it",
        Generator, DiagnosticSeverity.Error,
        "The source generator adds the Source() factory to a [DltSource] class and a {Method}Resource() factory next to each [DltResource] method; it can only extend partial types (and their containing types).");

    public static readonly DiagnosticDescriptor TypeIsGeneric = Rule(
        "DLT0602", "Generated members cannot go into a generic type",
        "'{0}' is generic, so the generator cannot add {1} to it; move the resources into a non-generic partial class",
        Generator, DiagnosticSeverity.Error,
        "Generated factories are static data plus calls; the generator does not emit them into generic types.");

    public static ImmutableArray<DiagnosticDescriptor> All { get; } = ImmutableArray.Create(
        KeyMemberNotFound, CursorPathNotFound, CursorTypeMismatch, CursorValueInvalid, IncrementalOptionInvalid,
        MemberTypeNotStorable, MemberTypeNotKnown, RecursiveRowType,
        ResourceReturnType, AsyncResourceWithoutCancellation,
        KeyRequired, Scd2WithoutMergeKey, HardDeleteNotBool, MergeHintIgnored, MergeHintInvalid,
        ColumnNameCollision, TableNameCollision, EmptyName,
        WriteDispositionInvalid, SchemaContractInvalid,
        TypeNotPartial, TypeIsGeneric);
}
