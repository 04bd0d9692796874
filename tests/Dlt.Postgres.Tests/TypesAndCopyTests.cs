using System.Globalization;
using System.Numerics;
using DltNet.Extract;
using DltNet.Schema;
using Xunit;
using Xunit.Abstractions;

namespace DltNet.Postgres.Tests;

/// <summary>dlt's postgres type map in real tables, values through binary COPY, big files, and state restore.</summary>
public sealed class TypesAndCopyTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_dlt_type_lands_in_its_postgres_type_with_exact_values()
    {
        using var pg = PgScratch.Create(output);
        if (pg is null) return;
        var p = pg.Pipeline("pg_types");
        var instant = new DateTimeOffset(2024, 2, 29, 13, 45, 6, TimeSpan.FromHours(2)).AddTicks(1234560); // .123456
        var rows = new List<object?>
        {
            new Dictionary<string, object?>
            {
                ["id"] = 1L,
                ["txt"] = "héllo 🦆 'quoted' \\ back",
                ["code"] = "abc",
                ["dbl"] = 2.5,
                ["flag"] = true,
                ["ts"] = instant,
                ["naive"] = instant,
                ["ts_ms"] = instant,
                ["small"] = 32000L,
                ["medium"] = 2_000_000_000L,
                ["bin"] = new byte[] { 0, 1, 2, 250, 255 },
                ["big_bin"] = Enumerable.Range(0, 200).Select(i => (byte)i).ToArray(),
                ["doc"] = new Dictionary<string, object?> { ["a"] = 1L, ["b"] = new object?[] { "x", null, 2.5 } },
                ["amount"] = 12345.678901234m,
                ["price"] = 12.34m,
                ["wei"] = BigInteger.Parse("123456789012345678901234567890123456789012345678901234567890", CultureInfo.InvariantCulture),
                ["day"] = new DateOnly(2024, 2, 29),
                ["at"] = new TimeOnly(23, 59, 58, 123, 456),
            },
            new Dictionary<string, object?> { ["id"] = 2L },
        };
        var columns = new[]
        {
            new ColumnSchema("code", DltDataType.Text) { Precision = 5 },
            new ColumnSchema("naive", DltDataType.Timestamp) { Timezone = false },
            new ColumnSchema("ts_ms", DltDataType.Timestamp) { Precision = 3 },
            new ColumnSchema("small", DltDataType.Bigint) { Precision = 16 },
            new ColumnSchema("medium", DltDataType.Bigint) { Precision = 32 },
            new ColumnSchema("doc", DltDataType.Json),
            new ColumnSchema("price", DltDataType.Decimal) { Precision = 10, Scale = 2 },
        };
        p.Run(Dlt.Resource(rows, "typed"), tableName: "typed", columns: columns);

        var types = pg.Rows($"""
            SELECT column_name, data_type, coalesce(character_maximum_length::text, '-'), coalesce(numeric_precision::text, '-'),
                   coalesce(numeric_scale::text, '-'), coalesce(datetime_precision::text, '-')
            FROM information_schema.columns WHERE table_schema = '{pg.Dataset}' AND table_name = 'typed' ORDER BY ordinal_position
            """).Select(r => r.Split('|')).ToDictionary(r => r[0], r => (Type: r[1], Length: r[2], Precision: r[3], Scale: r[4], Fraction: r[5]));
        Assert.Equal(("bigint", "64", "0"), (types["id"].Type, types["id"].Precision, types["id"].Scale));
        Assert.Equal(("character varying", "-"), (types["txt"].Type, types["txt"].Length));
        Assert.Equal(("character varying", "5"), (types["code"].Type, types["code"].Length));
        Assert.Equal("double precision", types["dbl"].Type);
        Assert.Equal("boolean", types["flag"].Type);
        Assert.Equal(("timestamp with time zone", "6"), (types["ts"].Type, types["ts"].Fraction));
        Assert.Equal(("timestamp without time zone", "6"), (types["naive"].Type, types["naive"].Fraction));
        Assert.Equal(("timestamp with time zone", "3"), (types["ts_ms"].Type, types["ts_ms"].Fraction));
        Assert.Equal("smallint", types["small"].Type);
        Assert.Equal("integer", types["medium"].Type);
        Assert.Equal("bytea", types["bin"].Type);
        Assert.Equal("bytea", types["big_bin"].Type);
        Assert.Equal("jsonb", types["doc"].Type);
        Assert.Equal(("numeric", "38", "9"), (types["amount"].Type, types["amount"].Precision, types["amount"].Scale));
        Assert.Equal(("numeric", "10", "2"), (types["price"].Type, types["price"].Precision, types["price"].Scale));
        Assert.Equal(("numeric", "156", "78"), (types["wei"].Type, types["wei"].Precision, types["wei"].Scale));
        Assert.Equal("date", types["day"].Type);
        Assert.Equal(("time without time zone", "6"), (types["at"].Type, types["at"].Fraction));
        Assert.Equal("character varying", types["_dlt_load_id"].Type);

        var values = pg.Rows($"""
            SELECT txt, code, dbl, flag,
                   (extract(epoch FROM ts) * 1000000)::bigint, naive::text, to_char(ts_ms AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'),
                   small, medium, encode(bin, 'hex'), length(big_bin), doc->>'a', doc->'b'->>2, jsonb_typeof(doc->'b'->1),
                   amount::text, price::text, trunc(wei)::text, day::text, at::text
            FROM {pg.T("typed")} WHERE id = 1
            """);
        var v = Assert.Single(values).Split('|');
        Assert.Equal("héllo 🦆 'quoted' \\ back", v[0]);
        Assert.Equal("abc", v[1]);
        Assert.Equal("2.5", v[2]);
        Assert.Equal("True", v[3]);
        Assert.Equal(((instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10).ToString(CultureInfo.InvariantCulture), v[4]);
        Assert.Equal("2024-02-29 11:45:06.123456", v[5]);                   // naive keeps the UTC wall time
        Assert.Equal("2024-02-29 11:45:06.123000", v[6]);                   // precision 3 rounds to milliseconds
        Assert.Equal(["32000", "2000000000"], v[7..9]);
        Assert.Equal("000102faff", v[9]);
        Assert.Equal("200", v[10]);
        Assert.Equal(["1", "2.5", "null"], v[11..14]);
        Assert.Equal("12345.678901234", v[14]);
        Assert.Equal("12.34", v[15]);
        Assert.Equal("123456789012345678901234567890123456789012345678901234567890", v[16]);
        Assert.Equal("2024-02-29", v[17]);
        Assert.Equal("23:59:58.123456", v[18]);
        Assert.Equal(["2|∅|∅|∅|∅|∅|∅"], pg.Rows($"SELECT id, txt, ts, bin, doc, amount, day FROM {pg.T("typed")} WHERE id = 2"));
    }

    [Fact]
    public void The_binary_copy_encoder_writes_what_the_server_reads_back()
    {
        // our own encoding of PostgreSQL's binary COPY format, checked value by value against the server's text output
        using var pg = PgScratch.Create(output);
        if (pg is null) return;
        string[] numerics =
        [
            "0", "0.00", "-0.5", "7", "10000", "0.0001", "0.00000001", "-123.4500", "12345678.9", "99990000.00010000",
            "0.0000000000000000000000000001", "79228162514264337593543950335", "-79228162514264337593543950335",
            "123456789012345678901234567890123456789012345678901234567890", "1.5", "+2.25",
        ];
        var texts = new[] { "", "plain", "ünïcödé ✓ 𝄞", new string('x', 200_000) };
        using var c = pg.Open();
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = $"CREATE SCHEMA {pg.Prefix}_enc; CREATE TABLE {pg.Prefix}_enc.v (n numeric, t text, j jsonb, b bytea, i2 smallint, i4 integer, i8 bigint, d double precision, f boolean, ts timestamp, tz timestamptz, day date, tm time)";
            cmd.ExecuteNonQuery();
        }
        var instant = new DateTime(1999, 12, 31, 23, 59, 59, DateTimeKind.Utc).AddTicks(9_999_990);
        using (var stream = c.BeginRawBinaryCopy($"COPY {pg.Prefix}_enc.v FROM STDIN (FORMAT BINARY)"))
        using (var writer = new DltNet.Destinations.Postgres.PostgresBinaryWriter(stream, bufferSize: 64))
        {
            for (var r = 0; r < numerics.Length; r++)
            {
                writer.StartRow(13);
                writer.WriteNumeric(numerics[r]);
                writer.WriteText(texts[r % texts.Length]);
                writer.WriteJsonb($$"""{"k": [{{r}}, "ä"]}""");
                writer.WriteBytes([0, (byte)r, 255]);
                writer.WriteInt16((short)-r);
                writer.WriteInt32(int.MinValue + r);
                writer.WriteInt64(long.MaxValue - r);
                writer.WriteDouble(r / 4.0);
                if (r % 2 == 0) writer.WriteBool(r % 4 == 0); else writer.WriteNull();
                writer.WriteTimestamp(instant.AddDays(r));
                writer.WriteTimestamp(instant.AddYears(-r * 100));
                writer.WriteDate(new DateOnly(2000, 1, 1).AddDays(-r * 1000));
                writer.WriteTime(new TimeOnly(23, 59, 58).Add(TimeSpan.FromTicks(r * 10)));
            }
            writer.Finish();
        }
        var rows = pg.Rows($"SELECT n::text, length(t), md5(t), j::text, encode(b, 'hex'), i2, i4, i8, d, f, ts::text, (tz AT TIME ZONE 'UTC')::text, day::text, tm::text FROM {pg.Prefix}_enc.v");
        Assert.Equal(numerics.Length, rows.Count);
        for (var r = 0; r < numerics.Length; r++)
        {
            var v = rows[r].Split('|');
            var t = texts[r % texts.Length];
            var expectedNumeric = decimal.TryParse(numerics[r], NumberStyles.Float, CultureInfo.InvariantCulture, out var dec)
                ? dec.ToString(CultureInfo.InvariantCulture) : numerics[r];
            Assert.Equal(expectedNumeric, v[0]);
            Assert.Equal(t.EnumerateRunes().Count().ToString(CultureInfo.InvariantCulture), v[1]); // PostgreSQL counts code points
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(t))), v[2]);
            Assert.Equal($$"""{"k": [{{r}}, "ä"]}""", v[3]);
            Assert.Equal($"00{r:x2}ff", v[4]);
            Assert.Equal([(-r).ToString(CultureInfo.InvariantCulture), (int.MinValue + r).ToString(CultureInfo.InvariantCulture), (long.MaxValue - r).ToString(CultureInfo.InvariantCulture)], v[5..8]);
            Assert.Equal((r / 4.0).ToString(CultureInfo.InvariantCulture), v[8]);
            Assert.Equal(r % 2 == 0 ? (r % 4 == 0).ToString() : "∅", v[9]);
            Assert.Equal(instant.AddDays(r).ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture), v[10]);
            Assert.Equal(instant.AddYears(-r * 100).ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture), v[11]);
            Assert.Equal(new DateOnly(2000, 1, 1).AddDays(-r * 1000).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), v[12]);
            Assert.Equal(new TimeOnly(23, 59, 58).Add(TimeSpan.FromTicks(r * 10)).ToString("HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture), v[13]); // the server drops trailing zeros
        }
    }

    [Fact]
    public void Values_that_do_not_fit_the_column_fail_with_table_column_and_row()
    {
        using var pg = PgScratch.Create(output);
        if (pg is null) return;
        var p = pg.Pipeline("pg_overflow");
        var columns = new[] { new ColumnSchema("small", DltDataType.Bigint) { Precision = 16 } };
        var e = Assert.Throws<PipelineStepFailedException>(() =>
            p.Run(PgScratch.Items("""[{"id": 1, "small": 1}, {"id": 2, "small": 40000}]""", "shorts"), tableName: "shorts", columns: columns));
        var data = ConnectionTests.FindInChain<DltDataException>(e);
        Assert.Contains("`small`", data.Message);
        Assert.Contains(pg.T("shorts"), data.Message);
        Assert.Contains("40000", data.Message);
        Assert.Contains("row 2", data.Message);
        Assert.Empty(pg.Rows($"SELECT 1 FROM information_schema.tables WHERE table_schema = '{pg.Dataset}' AND table_name = 'shorts'"));
    }

    [Fact]
    public void Large_loads_stream_through_several_row_groups_and_files()
    {
        using var pg = PgScratch.Create(output);
        if (pg is null) return;
        var p = pg.Pipeline("pg_bulk");
        p.MaxRowsPerFile = 150_000;
        const int n = 250_001;
        static IEnumerable<object?> Rows()
        {
            var start = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
            for (var i = 0; i < n; i++)
                yield return new Dictionary<string, object?>
                {
                    ["id"] = (long)i, ["name"] = "row " + i, ["score"] = i * 0.5, ["even"] = i % 2 == 0, ["at"] = start.AddSeconds(i),
                };
        }
        var info = p.Run(Dlt.Resource(Rows(), "bulk"), tableName: "bulk");
        var jobs = info.LoadPackages.SelectMany(lp => lp.Jobs).Count(j => j.TableName == "bulk");
        Assert.True(jobs >= 2, $"expected the rows to be split into several job files, got {jobs}");
        Assert.Equal([$"{n}|{(long)n * (n - 1) / 2}|{(n + 1) / 2}|2020-01-03 21:26:40+00"], pg.Rows(
            $"SELECT count(*), sum(id), count(*) FILTER (WHERE even), max(at)::text FROM {pg.T("bulk")}"));
        Assert.Equal(["row 123456|61728"], pg.Rows($"SELECT name, score FROM {pg.T("bulk")} WHERE id = 123456"));
    }

    [Fact]
    public void State_is_restored_from_the_destination_when_the_working_folder_is_gone()
    {
        using var pg = PgScratch.Create(output);
        if (pg is null) return;
        var p = pg.Pipeline("pg_restore");
        p.Run(PgScratch.Items("""[{"id": 1}, {"id": 2}, {"id": 3}]""", "events", new Incremental("id")), tableName: "events");
        Assert.Equal(1, pg.Count(pg.T("_dlt_pipeline_state")));
        Directory.Delete(p.WorkingDir, recursive: true);

        // a new pipeline object on a fresh folder: the incremental cursor comes back from _dlt_pipeline_state
        var fresh = pg.Pipeline("pg_restore");
        Assert.Null(fresh.GetSchema());
        fresh.Run(PgScratch.Items("""[{"id": 2}, {"id": 3}, {"id": 4}, {"id": 5}]""", "events", new Incremental("id")), tableName: "events");
        Assert.Equal(["1", "2", "3", "4", "5"], pg.Rows($"SELECT id FROM {pg.T("events")} ORDER BY id"));
        Assert.NotNull(fresh.GetSchema());
        Assert.Equal(2, pg.Count(pg.T("_dlt_loads")));
    }
}
