using DltNet.Schema;
using Xunit;
using Xunit.Abstractions;

namespace DltNet.Postgres.Tests;

/// <summary>Names longer than PostgreSQL's 63 characters are shortened with dlt's tag, never cut (which would collide).</summary>
public sealed class LongIdentifierTests(ITestOutputHelper output)
{
    private static readonly string LongTable = "customer_order_history_" + new string('x', 50) + "_table";
    private static readonly string SharedPrefix = "measurement_" + new string('m', 60);

    private static string Data(int id) => $$"""
        [{"id": {{id}}, "{{SharedPrefix}}_first": {{id * 10}}, "{{SharedPrefix}}_second": "s{{id}}",
          "{{SharedPrefix}}_list": [{"{{SharedPrefix}}_value": {{id}}}]}]
        """;

    [Fact]
    public void Long_table_and_column_names_get_distinct_shortened_identifiers_end_to_end()
    {
        using var pg = PgScratch.Create(output);
        if (pg is null) return;
        var p = pg.Pipeline("pg_long_names");
        p.Run(PgScratch.Items(Data(1), LongTable), tableName: LongTable, writeDisposition: "merge", primaryKey: "id");
        p.Run(PgScratch.Items(Data(2), LongTable), tableName: LongTable, writeDisposition: "merge", primaryKey: "id");

        var naming = new NamingConvention(63);
        var table = naming.NormalizeTableIdentifier(LongTable);
        var first = naming.NormalizeIdentifier(SharedPrefix + "_first");
        var second = naming.NormalizeIdentifier(SharedPrefix + "_second");
        Assert.Equal(63, table.Length);
        Assert.NotEqual(first, second);
        Assert.Equal(first[..20], second[..20]);

        var tables = pg.Rows($"SELECT table_name FROM information_schema.tables WHERE table_schema = '{pg.Dataset}' ORDER BY 1");
        Assert.Contains(table, tables);
        Assert.All(tables, t => Assert.True(t.Length <= 63, t));
        var nested = Assert.Single(tables, t => t != table && !t.StartsWith("_dlt", StringComparison.Ordinal));

        var columns = pg.Rows($"SELECT column_name FROM information_schema.columns WHERE table_schema = '{pg.Dataset}' AND table_name = '{table}'");
        Assert.Contains(first, columns);
        Assert.Contains(second, columns);
        Assert.All(columns, c => Assert.True(c.Length <= 63, c));
        Assert.Equal(columns.Count, columns.Distinct().Count());

        // the stored schema knows the same names, so the second run merged into the same tables and columns
        Assert.Equal(["1|10|s1", "2|20|s2"], pg.Rows($"SELECT id, \"{first}\", \"{second}\" FROM {pg.T(table)} ORDER BY id"));
        Assert.Equal(2, pg.Count(pg.T(nested)));
        var schema = p.GetSchema()!;
        Assert.NotNull(schema.GetTable(table));
        Assert.NotNull(schema.GetTable(table)!.GetColumn(first));
        // the staging schema of the merge holds the same shortened tables
        Assert.Equal(1, pg.Count(pg.T(table, pg.Dataset + "_staging")));
    }

    [Fact]
    public void A_dataset_longer_than_63_characters_and_its_staging_schema_are_shortened_and_distinct()
    {
        using var pg = PgScratch.Create(output);
        if (pg is null) return;
        var dataset = pg.Prefix + "_" + new string('d', 70);
        var p = pg.Pipeline("pg_long_dataset", dataset);
        p.Run(PgScratch.Items("""[{"id": 1, "v": "a"}]"""), tableName: "items", writeDisposition: "merge", primaryKey: "id");
        p.Run(PgScratch.Items("""[{"id": 1, "v": "b"}]"""), tableName: "items", writeDisposition: "merge", primaryKey: "id");
        var schemas = pg.Rows($"SELECT nspname FROM pg_namespace WHERE nspname LIKE '{pg.Prefix}%' ORDER BY 1");
        Assert.Equal(2, schemas.Count);
        Assert.All(schemas, s => Assert.Equal(63, s.Length));
        var final = NamingConvention.ShortenIdentifier(dataset, dataset, 63);
        Assert.Contains(final, schemas);
        Assert.Equal(["1|b"], pg.Rows($"SELECT id, v FROM {pg.T("items", final)}"));
        Assert.Equal(["1|b"], pg.Rows($"SELECT id, v FROM {pg.T("items", schemas.Single(s => s != final))}"));
    }
}
