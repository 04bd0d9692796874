using DltNet.Schema;
using Xunit;
using Xunit.Abstractions;

namespace DltNet.Postgres.Tests;

/// <summary>Every write disposition end to end on the server, with nested (child) tables.</summary>
public sealed class WriteDispositionTests(ITestOutputHelper output)
{
    private const string Run1 = """
        [{"id": 1, "name": "alpha", "tags": [{"tag": "a"}, {"tag": "b"}]},
         {"id": 2, "name": "beta", "tags": [{"tag": "c"}]}]
        """;
    private const string Run2 = """
        [{"id": 1, "name": "alpha2", "tags": [{"tag": "z"}]},
         {"id": 3, "name": "gamma", "tags": [{"tag": "d"}, {"tag": "e"}]}]
        """;

    private static List<string> Items(PgScratch pg) => pg.Rows($"SELECT id, name FROM {pg.T("items")} ORDER BY id, name");

    private static List<string> Tags(PgScratch pg) => pg.Rows(
        $"SELECT i.id, t.tag FROM {pg.T("items__tags")} t JOIN {pg.T("items")} i ON i._dlt_id = t._dlt_parent_id ORDER BY i.id, t.tag");

    private static List<string> TagsByRoot(PgScratch pg) => pg.Rows(
        $"SELECT i.id, t.tag FROM {pg.T("items__tags")} t JOIN {pg.T("items")} i ON i._dlt_id = t._dlt_root_id ORDER BY i.id, t.tag");

    [Fact]
    public void Append_accumulates_root_and_nested_rows()
    {
        using var pg = PgScratch.Create(output);
        if (pg is null) return;
        var p = pg.Pipeline("pg_append");
        p.Run(PgScratch.Items(Run1), tableName: "items", writeDisposition: "append");
        p.Run(PgScratch.Items(Run2), tableName: "items", writeDisposition: "append");
        Assert.Equal(["1|alpha", "1|alpha2", "2|beta", "3|gamma"], Items(pg));
        Assert.Equal(["1|a", "1|b", "1|z", "2|c", "3|d", "3|e"], Tags(pg));
        Assert.Equal(2, pg.Count(pg.T("_dlt_loads")));
        Assert.Equal(["items", "items__tags"], pg.Rows(
            $"SELECT table_name FROM information_schema.tables WHERE table_schema = '{pg.Dataset}' AND table_name NOT LIKE '\\_dlt%' ORDER BY 1"));
    }

    [Fact]
    public void Replace_replaces_the_whole_chain_including_nested_tables_without_new_rows()
    {
        using var pg = PgScratch.Create(output);
        if (pg is null) return;
        var p = pg.Pipeline("pg_replace");
        p.Run(PgScratch.Items(Run1), tableName: "items", writeDisposition: "replace");
        p.Run(PgScratch.Items(Run2), tableName: "items", writeDisposition: "replace");
        Assert.Equal(["1|alpha2", "3|gamma"], Items(pg));
        Assert.Equal(["1|z", "3|d", "3|e"], Tags(pg));
        // no nested rows at all in this run: the nested table is still emptied
        p.Run(PgScratch.Items("""[{"id": 9, "name": "solo", "tags": []}]"""), tableName: "items", writeDisposition: "replace");
        Assert.Equal(["9|solo"], Items(pg));
        Assert.Equal(0, pg.Count(pg.T("items__tags")));
    }

    [Fact]
    public void Skip_on_a_data_table_fails_and_loads_nothing()
    {
        using var pg = PgScratch.Create(output);
        if (pg is null) return;
        var p = pg.Pipeline("pg_skip");
        var e = Assert.Throws<PipelineStepFailedException>(() => p.Run(PgScratch.Items(Run1), tableName: "items", writeDisposition: "skip"));
        Assert.IsType<LoadClientUnsupportedWriteDisposition>(ConnectionTests.FindInChain<LoadClientUnsupportedWriteDisposition>(e));
        Assert.Empty(pg.Rows($"SELECT 1 FROM information_schema.tables WHERE table_schema = '{pg.Dataset}' AND table_name = 'items'"));
    }

    [Fact]
    public void Merge_delete_insert_replaces_keyed_rows_and_their_nested_rows()
    {
        using var pg = PgScratch.Create(output);
        if (pg is null) return;
        var p = pg.Pipeline("pg_merge");
        p.Run(PgScratch.Items(Run1), tableName: "items", writeDisposition: "merge", primaryKey: "id");
        p.Run(PgScratch.Items(Run2), tableName: "items", writeDisposition: "merge", primaryKey: "id");
        Assert.Equal(["1|alpha2", "2|beta", "3|gamma"], Items(pg));
        Assert.Equal(["1|z", "2|c", "3|d", "3|e"], Tags(pg));
        Assert.Equal(["1|z", "2|c", "3|d", "3|e"], TagsByRoot(pg));
        // the staging schema holds the last load's rows, the final one the merged result
        Assert.Equal(2, pg.Count(pg.T("items", pg.Dataset + "_staging")));
        // duplicates inside one load are deduplicated by primary key
        p.Run(PgScratch.Items("""[{"id": 4, "name": "d1", "tags": []}, {"id": 4, "name": "d1", "tags": []}]"""),
            tableName: "items", writeDisposition: "merge", primaryKey: "id");
        Assert.Equal(["1|alpha2", "2|beta", "3|gamma", "4|d1"], Items(pg));
    }

    [Fact]
    public void Merge_upsert_updates_rows_and_removes_vanished_nested_elements()
    {
        using var pg = PgScratch.Create(output);
        if (pg is null) return;
        var p = pg.Pipeline("pg_upsert");
        p.Run(PgScratch.Items(Run1), tableName: "items", writeDisposition: WriteDisposition.Upsert, primaryKey: "id");
        p.Run(PgScratch.Items(Run2), tableName: "items", writeDisposition: WriteDisposition.Upsert, primaryKey: "id");
        Assert.Equal(["1|alpha2", "2|beta", "3|gamma"], Items(pg));
        Assert.Equal(["1|z", "2|c", "3|d", "3|e"], Tags(pg));
        // hard delete through upsert
        var columns = new[] { new ColumnSchema("deleted", DltDataType.Bool) { HardDelete = true } };
        p.Run(PgScratch.Items("""[{"id": 2, "name": "beta", "deleted": true, "tags": []}]"""), tableName: "items",
            writeDisposition: WriteDisposition.Upsert, primaryKey: "id", columns: columns);
        Assert.Equal(["1|alpha2", "3|gamma"], Items(pg));
        Assert.Equal(["1|z", "3|d", "3|e"], Tags(pg));
    }

    [Fact]
    public void Merge_insert_only_never_updates_existing_rows()
    {
        using var pg = PgScratch.Create(output);
        if (pg is null) return;
        var p = pg.Pipeline("pg_insert_only");
        p.Run(PgScratch.Items(Run1), tableName: "items", writeDisposition: WriteDisposition.InsertOnly, primaryKey: "id");
        p.Run(PgScratch.Items(Run2), tableName: "items", writeDisposition: WriteDisposition.InsertOnly, primaryKey: "id");
        Assert.Equal(["1|alpha", "2|beta", "3|gamma"], Items(pg));
        Assert.Equal(["1|a", "1|b", "2|c", "3|d", "3|e"], Tags(pg));
    }

    [Fact]
    public void Merge_scd2_retires_changed_and_missing_rows_and_keeps_history()
    {
        using var pg = PgScratch.Create(output);
        if (pg is null) return;
        var p = pg.Pipeline("pg_scd2");
        p.Run(PgScratch.Items(Run1), tableName: "items", writeDisposition: WriteDisposition.Scd2());
        p.Run(PgScratch.Items("""[{"id": 1, "name": "alpha2", "tags": [{"tag": "z"}]}, {"id": 2, "name": "beta", "tags": [{"tag": "c"}]}]"""),
            tableName: "items", writeDisposition: WriteDisposition.Scd2());
        Assert.Equal(["1|alpha|retired", "1|alpha2|active", "2|beta|active"], pg.Rows(
            $"SELECT id, name, CASE WHEN _dlt_valid_to IS NULL THEN 'active' ELSE 'retired' END FROM {pg.T("items")} ORDER BY id, name"));
        Assert.Equal(["timestamp with time zone", "timestamp with time zone"], pg.Rows(
            $"SELECT data_type FROM information_schema.columns WHERE table_schema = '{pg.Dataset}' AND table_name = 'items' AND column_name IN ('_dlt_valid_from', '_dlt_valid_to')"));
        // retired rows end exactly where their successors start
        Assert.Equal(["1"], pg.Rows(
            $"SELECT count(*) FROM {pg.T("items")} o JOIN {pg.T("items")} n ON n.id = o.id AND n._dlt_valid_from = o._dlt_valid_to"));
        // a full extract without id 2 retires it; nested tables are insert-only
        p.Run(PgScratch.Items("""[{"id": 1, "name": "alpha2", "tags": [{"tag": "z"}]}]"""), tableName: "items", writeDisposition: WriteDisposition.Scd2());
        Assert.Equal(["1|alpha2"], pg.Rows($"SELECT id, name FROM {pg.T("items")} WHERE _dlt_valid_to IS NULL"));
        Assert.Equal(["1|a", "1|b", "1|z", "2|c"], Tags(pg));
    }
}
