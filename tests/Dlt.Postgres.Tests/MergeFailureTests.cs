using DltNet.Schema;
using Xunit;
using Xunit.Abstractions;

namespace DltNet.Postgres.Tests;

/// <summary>A failure in the middle of the merge SQL leaves the destination exactly as it was (one transaction per package).</summary>
public sealed class MergeFailureTests(ITestOutputHelper output)
{
    private static List<string> Snapshot(PgScratch pg) =>
    [
        .. pg.Rows($"SELECT 'items', id, name, _dlt_id, _dlt_load_id FROM {pg.T("items")} ORDER BY id"),
        .. pg.Rows($"SELECT 'tags', tag, _dlt_id, _dlt_parent_id FROM {pg.T("items__tags")} ORDER BY _dlt_id"),
        .. pg.Rows($"SELECT 'loads', load_id FROM {pg.T("_dlt_loads")} ORDER BY load_id"),
        .. pg.Rows($"SELECT 'versions', version_hash FROM {pg.T("_dlt_version")} ORDER BY version_hash"),
        .. pg.Rows($"SELECT 'state', version, _dlt_load_id FROM {pg.T("_dlt_pipeline_state")} ORDER BY _dlt_load_id"),
        .. pg.Rows($"SELECT 'columns', table_name, column_name FROM information_schema.columns WHERE table_schema = '{pg.Dataset}' ORDER BY 2, 3"),
    ];

    [Theory]
    [InlineData("delete-insert", 1)]
    [InlineData("delete-insert", 4)]
    [InlineData("upsert", 2)]
    [InlineData("scd2", 2)]
    public void Failure_between_merge_statements_leaves_the_destination_unchanged(string strategy, int failAtStatement)
    {
        using var pg = PgScratch.Create(output);
        if (pg is null) return;
        var p = pg.Pipeline("pg_merge_fail_" + strategy.Replace('-', '_'));
        WriteDisposition wd = WriteDisposition.ParseStrategy(strategy);
        KeyList? pk = strategy == "scd2" ? null : (KeyList)"id";
        p.Run(PgScratch.Items("""[{"id": 1, "name": "one", "tags": [{"tag": "a"}]}, {"id": 2, "name": "two", "tags": [{"tag": "b"}, {"tag": "c"}]}]"""),
            tableName: "items", writeDisposition: wd, primaryKey: pk);
        var before = Snapshot(pg);

        var statements = new List<string>();
        p.BeforeStatement = sql =>
        {
            statements.Add(sql);
            if (statements.Count == failAtStatement) throw new InvalidOperationException($"injected failure before merge statement {failAtStatement}");
        };
        // the new run changes a row, adds a row and a column: all of it (DDL included) must roll back
        var e = Assert.Throws<PipelineStepFailedException>(() => p.Run(
            PgScratch.Items("""[{"id": 1, "name": "one-changed", "extra": 5, "tags": [{"tag": "z"}]}, {"id": 3, "name": "three", "tags": []}]"""),
            tableName: "items", writeDisposition: wd, primaryKey: pk));
        Assert.Equal("load", e.Step);
        Assert.Contains("injected failure", e.ToString());
        Assert.True(statements.Count >= failAtStatement, $"only {statements.Count} merge statements ran");
        Assert.Equal(before, Snapshot(pg));
        Assert.Empty(pg.Rows($"SELECT 1 FROM information_schema.columns WHERE table_schema = '{pg.Dataset}' AND column_name = 'extra'"));

        // the aborted package is not retried; the next run loads new data normally
        p.BeforeStatement = null;
        p.Run(PgScratch.Items("""[{"id": 4, "name": "four", "tags": [{"tag": "d"}]}]"""), tableName: "items", writeDisposition: wd, primaryKey: pk);
        Assert.Contains("4|four", pg.Rows($"SELECT id, name FROM {pg.T("items")}"));
        Assert.Equal(2, pg.Count(pg.T("_dlt_loads")));
    }
}
