using System.Text.Json.Nodes;

namespace DltNet.Schema;

/// <summary>How rows reach a table: added, replacing, merged, or skipped (spec 5).</summary>
public enum WriteDispositionKind
{
    /// <summary>Rows are added (the default).</summary>
    Append,
    /// <summary>The table chain holds only the rows of the latest load.</summary>
    Replace,
    /// <summary>Rows are merged by key with a <see cref="MergeStrategy"/>.</summary>
    Merge,
    /// <summary>Reserved for dlt's own tables; a data table with it fails to load.</summary>
    Skip,
}

/// <summary>The merge strategies (spec 5.4).</summary>
public enum MergeStrategy
{
    /// <summary>Delete matching rows, then insert (default).</summary>
    DeleteInsert,
    /// <summary>Update by primary key, insert new keys.</summary>
    Upsert,
    /// <summary>Insert only keys that do not exist yet.</summary>
    InsertOnly,
    /// <summary>Slowly changing dimension type 2: keep history with validity columns.</summary>
    Scd2,
}

/// <summary>
/// A write disposition as dlt takes it: a string (<c>"append"</c>, <c>"merge"</c>) or the dictionary form
/// <c>{disposition: merge, strategy: scd2, ...}</c>. Strings and enums convert implicitly.
/// </summary>
public sealed record WriteDisposition
{
    /// <summary>Creates a disposition.</summary>
    public WriteDisposition(WriteDispositionKind kind, MergeStrategy? strategy = null)
    {
        Kind = kind;
        Strategy = strategy;
        if (strategy is not null && kind != WriteDispositionKind.Merge)
            throw new ArgumentException($"A merge strategy ({strategy}) needs the merge disposition, not {kind}.");
    }

    /// <summary>append, replace, merge or skip.</summary>
    public WriteDispositionKind Kind { get; }
    /// <summary>Merge strategy; null means the destination default (delete-insert).</summary>
    public MergeStrategy? Strategy { get; }
    /// <summary>scd2: the validity timestamp used for this load instead of the package time.</summary>
    public DateTimeOffset? BoundaryTimestamp { get; init; }
    /// <summary>scd2: value of the valid-to column on active rows (null means NULL).</summary>
    public DateTimeOffset? ActiveRecordTimestamp { get; init; }
    /// <summary>scd2: names of the valid-from and valid-to columns.</summary>
    public (string From, string To)? ValidityColumnNames { get; init; }
    /// <summary>scd2: column holding the row version instead of the content hash in <c>_dlt_id</c>.</summary>
    public string? RowVersionColumnName { get; init; }
    /// <summary>Declares the staging data already deduplicated.</summary>
    public bool Deduplicated { get; init; }

    /// <summary>append</summary>
    public static WriteDisposition Append { get; } = new(WriteDispositionKind.Append);
    /// <summary>replace</summary>
    public static WriteDisposition Replace { get; } = new(WriteDispositionKind.Replace);
    /// <summary>merge (delete-insert)</summary>
    public static WriteDisposition Merge { get; } = new(WriteDispositionKind.Merge);
    /// <summary>skip</summary>
    public static WriteDisposition Skip { get; } = new(WriteDispositionKind.Skip);
    /// <summary>merge with the upsert strategy.</summary>
    public static WriteDisposition Upsert { get; } = new(WriteDispositionKind.Merge, MergeStrategy.Upsert);
    /// <summary>merge with the insert-only strategy.</summary>
    public static WriteDisposition InsertOnly { get; } = new(WriteDispositionKind.Merge, MergeStrategy.InsertOnly);
    /// <summary>merge with the scd2 strategy.</summary>
    public static WriteDisposition Scd2(DateTimeOffset? boundaryTimestamp = null, DateTimeOffset? activeRecordTimestamp = null,
        (string From, string To)? validityColumnNames = null, string? rowVersionColumnName = null) =>
        new(WriteDispositionKind.Merge, MergeStrategy.Scd2)
        {
            BoundaryTimestamp = boundaryTimestamp,
            ActiveRecordTimestamp = activeRecordTimestamp,
            ValidityColumnNames = validityColumnNames,
            RowVersionColumnName = rowVersionColumnName,
        };

    /// <summary>dlt's name: <c>append</c>, <c>replace</c>, <c>merge</c>, <c>skip</c>.</summary>
    public static string KindName(WriteDispositionKind kind) => kind switch
    {
        WriteDispositionKind.Append => "append",
        WriteDispositionKind.Replace => "replace",
        WriteDispositionKind.Merge => "merge",
        _ => "skip",
    };

    /// <summary>dlt's name of a strategy: <c>delete-insert</c>, <c>upsert</c>, <c>insert-only</c>, <c>scd2</c>.</summary>
    public static string StrategyName(MergeStrategy s) => s switch
    {
        MergeStrategy.DeleteInsert => "delete-insert",
        MergeStrategy.Upsert => "upsert",
        MergeStrategy.InsertOnly => "insert-only",
        _ => "scd2",
    };

    /// <summary>Parses <c>delete-insert</c>, <c>upsert</c>, <c>insert-only</c>, <c>scd2</c>.</summary>
    public static MergeStrategy ParseStrategy(string s) => s.Trim().ToLowerInvariant() switch
    {
        "delete-insert" or "delete_insert" or "deleteinsert" => MergeStrategy.DeleteInsert,
        "upsert" => MergeStrategy.Upsert,
        "insert-only" or "insert_only" or "insertonly" => MergeStrategy.InsertOnly,
        "scd2" => MergeStrategy.Scd2,
        _ => throw new ArgumentException($"'{s}' is not a merge strategy. Use delete-insert, upsert, insert-only or scd2."),
    };

    /// <summary>Parses <c>append</c>, <c>replace</c>, <c>merge</c> or <c>skip</c>.</summary>
    public static WriteDisposition Parse(string s) => s.Trim().ToLowerInvariant() switch
    {
        "append" => Append,
        "replace" => Replace,
        "merge" => Merge,
        "skip" => Skip,
        _ => throw new ArgumentException($"'{s}' is not a write disposition. Use append, replace, merge or skip (or the merge dictionary form)."),
    };

    /// <summary>Parses the string or dictionary form, as in dlt.</summary>
    public static WriteDisposition FromJson(JsonNode node)
    {
        if (node is JsonValue v) return Parse(v.GetValue<string>());
        if (node is not JsonObject o) throw new ArgumentException("A write disposition is a string or an object with \"disposition\".");
        var kind = Parse(o["disposition"]?.GetValue<string>() ?? "append").Kind;
        MergeStrategy? strategy = o["strategy"] is { } st ? ParseStrategy(st.GetValue<string>()) : null;
        (string, string)? validity = null;
        if (o["validity_column_names"] is JsonArray arr)
        {
            if (arr.Count != 2) throw new ArgumentException("validity_column_names needs exactly two names: [valid_from, valid_to].");
            validity = (arr[0]!.GetValue<string>(), arr[1]!.GetValue<string>());
        }
        return new WriteDisposition(kind, strategy)
        {
            BoundaryTimestamp = o["boundary_timestamp"] is { } b ? ParseTimestamp(b.GetValue<string>(), "boundary_timestamp") : null,
            ActiveRecordTimestamp = o["active_record_timestamp"] is { } a ? ParseTimestamp(a.GetValue<string>(), "active_record_timestamp") : null,
            ValidityColumnNames = validity,
            RowVersionColumnName = o["row_version_column_name"]?.GetValue<string>(),
            Deduplicated = o["deduplicated"]?.GetValue<bool>() ?? false,
        };
    }

    private static DateTimeOffset ParseTimestamp(string s, string what) =>
        TypeCoercion.TryParseIsoTimestamp(s, out var ts)
            ? ts
            : throw new ArgumentException($"{what} '{s}' is not an ISO-8601 date-time.");

    /// <summary>From dlt's string form.</summary>
    public static implicit operator WriteDisposition(string s) => Parse(s);
    /// <summary>From the kind.</summary>
    public static implicit operator WriteDisposition(WriteDispositionKind kind) => new(kind);
    /// <summary>From a merge strategy (merge disposition).</summary>
    public static implicit operator WriteDisposition(MergeStrategy strategy) => new(WriteDispositionKind.Merge, strategy);

    /// <inheritdoc />
    public override string ToString() => Strategy is { } s ? $"merge ({StrategyName(s)})" : KindName(Kind);
}

/// <summary>What happens when data does not fit the schema (spec 6).</summary>
public enum ContractMode
{
    /// <summary>The schema changes to fit the data.</summary>
    Evolve,
    /// <summary>The run fails with a <c>DataValidationError</c>.</summary>
    Freeze,
    /// <summary>The offending row is dropped.</summary>
    DiscardRow,
    /// <summary>The offending value is dropped, the row kept.</summary>
    DiscardValue,
}

/// <summary>A schema contract: one mode per entity (tables, columns, data_type). Strings convert implicitly.</summary>
public sealed record SchemaContract(ContractMode Tables = ContractMode.Evolve, ContractMode Columns = ContractMode.Evolve, ContractMode DataType = ContractMode.Evolve)
{
    /// <summary>Everything evolves (the default).</summary>
    public static SchemaContract Evolve { get; } = new();
    /// <summary>Nothing may change.</summary>
    public static SchemaContract Freeze { get; } = new(ContractMode.Freeze, ContractMode.Freeze, ContractMode.Freeze);

    /// <summary>True when every entity evolves.</summary>
    public bool IsDefault => Tables == ContractMode.Evolve && Columns == ContractMode.Evolve && DataType == ContractMode.Evolve;

    /// <summary>Parses a mode name (<c>evolve</c>, <c>freeze</c>, <c>discard_row</c>, <c>discard_value</c>).</summary>
    public static ContractMode ParseMode(string s) => s.Trim().ToLowerInvariant() switch
    {
        "evolve" => ContractMode.Evolve,
        "freeze" => ContractMode.Freeze,
        "discard_row" or "discard-row" or "discardrow" => ContractMode.DiscardRow,
        "discard_value" or "discard-value" or "discardvalue" => ContractMode.DiscardValue,
        _ => throw new ArgumentException($"'{s}' is not a schema contract mode. Use evolve, freeze, discard_row or discard_value."),
    };

    /// <summary>dlt's name of a mode.</summary>
    public static string ModeName(ContractMode m) => m switch
    {
        ContractMode.Evolve => "evolve",
        ContractMode.Freeze => "freeze",
        ContractMode.DiscardRow => "discard_row",
        _ => "discard_value",
    };

    /// <summary>Parses the shorthand string or the <c>{tables, columns, data_type}</c> form.</summary>
    public static SchemaContract FromJson(JsonNode node)
    {
        if (node is JsonValue v) return Parse(v.GetValue<string>());
        if (node is not JsonObject o) throw new ArgumentException("A schema contract is a mode string or an object {tables, columns, data_type}.");
        foreach (var (k, _) in o)
            if (k is not ("tables" or "columns" or "data_type"))
                throw new ArgumentException($"Unknown schema contract entity '{k}'. Use tables, columns or data_type.");
        return new SchemaContract(
            o["tables"] is { } t ? ParseMode(t.GetValue<string>()) : ContractMode.Evolve,
            o["columns"] is { } c ? ParseMode(c.GetValue<string>()) : ContractMode.Evolve,
            o["data_type"] is { } d ? ParseMode(d.GetValue<string>()) : ContractMode.Evolve);
    }

    /// <summary>Shorthand: one mode for all entities.</summary>
    public static SchemaContract Parse(string s)
    {
        var m = ParseMode(s);
        return new SchemaContract(m, m, m);
    }

    /// <summary>dlt's dictionary form.</summary>
    public JsonObject ToJson() => new()
    {
        ["tables"] = ModeName(Tables), ["columns"] = ModeName(Columns), ["data_type"] = ModeName(DataType),
    };

    /// <summary>From the shorthand string.</summary>
    public static implicit operator SchemaContract(string s) => Parse(s);
    /// <summary>From one mode for all entities.</summary>
    public static implicit operator SchemaContract(ContractMode m) => new(m, m, m);
}

/// <summary>Refresh modes of one run (spec 7).</summary>
public enum RefreshMode
{
    /// <summary>Drop every table of the source and wipe its state.</summary>
    DropSources,
    /// <summary>Drop the tables of the resources in this run and their state.</summary>
    DropResources,
    /// <summary>Truncate the tables of the resources in this run and reset their state.</summary>
    DropData,
}

/// <summary>A refresh mode as dlt takes it: <c>"drop_sources"</c>, <c>"drop_resources"</c>, <c>"drop_data"</c>, or <see cref="RefreshMode"/>.</summary>
public sealed record Refresh(RefreshMode Mode)
{
    /// <summary>From dlt's string form.</summary>
    public static implicit operator Refresh(string mode) => new(RefreshModes.Parse(mode));
    /// <summary>From the enum.</summary>
    public static implicit operator Refresh(RefreshMode mode) => new(mode);
}

/// <summary>Parsing of refresh modes.</summary>
public static class RefreshModes
{
    /// <summary>Parses <c>drop_sources</c>, <c>drop_resources</c> or <c>drop_data</c>.</summary>
    public static RefreshMode Parse(string s) => s.Trim().ToLowerInvariant() switch
    {
        "drop_sources" => RefreshMode.DropSources,
        "drop_resources" => RefreshMode.DropResources,
        "drop_data" => RefreshMode.DropData,
        _ => throw new ArgumentException($"'{s}' is not a refresh mode. Use drop_sources, drop_resources or drop_data."),
    };
}
