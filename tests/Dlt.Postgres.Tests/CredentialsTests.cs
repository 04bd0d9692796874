using DltNet.Destinations;
using DltNet.Destinations.Postgres;
using DltNet.Schema;
using Xunit;

namespace DltNet.Postgres.Tests;

/// <summary>Parsing, configuration names and masking of credentials; the type map. No server needed.</summary>
public sealed class CredentialsTests
{
    private const string Secret = "s3cr3t-Pa55";

    [Fact]
    public void Url_is_parsed_and_displayed_with_the_password_masked()
    {
        var c = PostgresCredentials.Parse($"postgresql://loader:{Secret}@localhost:5433/dlt_data?sslmode=disable&connect_timeout=7");
        Assert.Equal("localhost", c.Host);
        Assert.Equal(5433, c.Port);
        Assert.Equal("dlt_data", c.Database);
        Assert.Equal("loader", c.Username);
        Assert.Equal(Secret, c.Password);
        Assert.Equal(7, c.ConnectTimeout);
        Assert.Equal("disable", c.Options["sslmode"]);
        Assert.Equal("postgresql://loader:***@localhost:5433/dlt_data?sslmode=disable", c.Displayable);
        Assert.Equal(c.Displayable, c.ToString());
        Assert.DoesNotContain(Secret, c.ToString());
    }

    [Fact]
    public void Url_defaults_the_port_and_decodes_escaped_user_and_password()
    {
        var c = PostgresCredentials.Parse("postgres://lo%40der:p%40ss%3Aw%2Frd@db.example/warehouse");
        Assert.Equal(5432, c.Port);
        Assert.Equal("lo@der", c.Username);
        Assert.Equal("p@ss:w/rd", c.Password);
        Assert.Equal("postgresql://lo%40der:***@db.example:5432/warehouse", c.Displayable);
        Assert.Equal("x *** y ***", c.Redact("x p@ss:w/rd y p%40ss%3Aw%2Frd"));
    }

    [Fact]
    public void Url_with_an_ipv6_host_is_parsed()
    {
        var c = PostgresCredentials.Parse("postgresql://u:pw@[::1]:6543/d");
        Assert.Equal("::1", c.Host);
        Assert.Equal(6543, c.Port);
        Assert.Equal("postgresql://u:***@[::1]:6543/d", c.Displayable);
    }

    [Fact]
    public void Npgsql_connection_string_is_parsed()
    {
        var c = PostgresCredentials.Parse($"Host=pg.local;Port=6000;Database=analytics;Username=etl;Password={Secret};Timeout=9;SSL Mode=Require");
        Assert.Equal(("pg.local", 6000, "analytics", "etl", Secret, 9), (c.Host, c.Port, c.Database, c.Username, c.Password, c.ConnectTimeout));
        Assert.Equal("postgresql://etl:***@pg.local:6000/analytics?SSL%20Mode=Require", c.Displayable);
        Assert.DoesNotContain(Secret, c.Displayable);
    }

    [Fact]
    public void Configuration_fields_override_the_url()
    {
        var env = new Dictionary<string, string>
        {
            ["DESTINATION__POSTGRES__CREDENTIALS"] = "postgresql://loader:old@h1:5432/db1",
            ["DESTINATION__POSTGRES__CREDENTIALS__HOST"] = "h2",
            ["DESTINATION__POSTGRES__CREDENTIALS__PASSWORD"] = Secret,
            ["DESTINATION__POSTGRES__CREDENTIALS__PORT"] = "6432",
        };
        var c = PostgresCredentials.FromConfiguration(k => env.GetValueOrDefault(k));
        Assert.Equal(("h2", 6432, "db1", "loader", Secret), (c.Host, c.Port, c.Database, c.Username, c.Password));
        Assert.Equal("postgresql://loader:***@h2:6432/db1", c.Displayable);
    }

    [Fact]
    public void Configuration_fields_alone_are_enough()
    {
        var env = new Dictionary<string, string>
        {
            ["DESTINATION__POSTGRES__CREDENTIALS__HOST"] = "localhost",
            ["DESTINATION__POSTGRES__CREDENTIALS__DATABASE"] = "dlt_data",
            ["DESTINATION__POSTGRES__CREDENTIALS__USERNAME"] = "loader",
            ["DESTINATION__POSTGRES__CREDENTIALS__PASSWORD"] = Secret,
            ["DESTINATION__POSTGRES__CREDENTIALS__CONNECT_TIMEOUT"] = "3",
        };
        var c = PostgresCredentials.FromConfiguration(k => env.GetValueOrDefault(k));
        Assert.Equal("postgresql://loader:***@localhost:5432/dlt_data", c.Displayable);
        Assert.Equal(3, c.ConnectTimeout);
    }

    [Fact]
    public void The_generic_destination_section_is_used_when_the_postgres_one_is_empty()
    {
        var env = new Dictionary<string, string> { ["DESTINATION__CREDENTIALS"] = $"postgresql://loader:{Secret}@h:5432/d" };
        var c = PostgresCredentials.FromConfiguration(k => env.GetValueOrDefault(k));
        Assert.Equal("h", c.Host);
    }

    [Fact]
    public void Missing_fields_are_named_and_the_password_is_not_shown()
    {
        var env = new Dictionary<string, string>
        {
            ["DESTINATION__POSTGRES__CREDENTIALS__HOST"] = "localhost",
            ["DESTINATION__POSTGRES__CREDENTIALS__PASSWORD"] = Secret,
        };
        var e = Assert.Throws<PipelineConfigException>(() => PostgresCredentials.FromConfiguration(k => env.GetValueOrDefault(k)));
        Assert.Contains("database", e.Message);
        Assert.Contains("username", e.Message);
        Assert.Contains("DESTINATION__POSTGRES__CREDENTIALS__DATABASE", e.Message);
        Assert.DoesNotContain(Secret, e.ToString());

        var none = Assert.Throws<PipelineConfigException>(() => PostgresCredentials.FromConfiguration(_ => null));
        Assert.Contains("DESTINATION__POSTGRES__CREDENTIALS", none.Message);
    }

    [Theory]
    [InlineData("postgresql://loader:" + Secret + "@host:notaport/db")]
    [InlineData("mysql://loader:" + Secret + "@host:3306/db")]
    [InlineData("Host=h;Password=" + Secret + ";NoSuchKeyword=1")]
    [InlineData("just-a-" + Secret)]
    public void Invalid_credentials_fail_without_showing_the_password(string input)
    {
        var e = Assert.Throws<PipelineConfigException>(() => new PostgresDestination(input));
        Assert.DoesNotContain(Secret, e.ToString());
    }

    [Fact]
    public void Destination_by_name_is_postgres_with_dlt_capabilities()
    {
        var d = Destination.FromName("postgres");
        var pg = Assert.IsType<PostgresDestination>(d);
        Assert.Equal("postgres", pg.Name);
        Assert.Equal("dlt.destinations.postgres", pg.DestinationType);
        Assert.Equal(63, pg.Capabilities.MaxIdentifierLength);
        Assert.Equal(63, pg.Capabilities.MaxColumnIdentifierLength);
        Assert.Equal((38, 9), pg.Capabilities.DecimalPrecision);
        Assert.Equal((156, 78), pg.Capabilities.WeiPrecision);
        Assert.True(pg.Capabilities.SupportsTruncateCommand);
        Assert.Equal([MergeStrategy.DeleteInsert, MergeStrategy.Upsert, MergeStrategy.Scd2, MergeStrategy.InsertOnly], pg.Capabilities.SupportedMergeStrategies);
        Assert.IsType<PostgresDestination>(Destination.FromName("dlt.destinations.postgres"));
    }

    [Fact]
    public void Explicit_credentials_show_masked_in_the_destination()
    {
        var d = new PostgresDestination($"postgresql://loader:{Secret}@localhost:5432/db");
        Assert.Equal("postgresql://loader:***@localhost:5432/db", d.DisplayableCredentials);
        var noPassword = new PostgresDestination("postgresql://loader@localhost/db");
        Assert.Equal("postgresql://loader@localhost:5432/db", noPassword.DisplayableCredentials);
    }

    [Theory]
    [InlineData("text", null, null, null, "varchar")]
    [InlineData("text", 64, null, null, "varchar(64)")]
    [InlineData("double", null, null, null, "double precision")]
    [InlineData("bool", null, null, null, "boolean")]
    [InlineData("timestamp", null, null, null, "timestamp with time zone")]
    [InlineData("timestamp", 3, null, null, "timestamp (3) with time zone")]
    [InlineData("timestamp", null, null, false, "timestamp without time zone")]
    [InlineData("timestamp", 0, null, false, "timestamp (0) without time zone")]
    [InlineData("bigint", null, null, null, "bigint")]
    [InlineData("bigint", 8, null, null, "smallint")]
    [InlineData("bigint", 16, null, null, "smallint")]
    [InlineData("bigint", 32, null, null, "integer")]
    [InlineData("bigint", 64, null, null, "bigint")]
    [InlineData("binary", null, null, null, "bytea")]
    [InlineData("json", null, null, null, "jsonb")]
    [InlineData("decimal", null, null, null, "numeric(38,9)")]
    [InlineData("decimal", 10, 2, null, "numeric(10,2)")]
    [InlineData("wei", null, null, null, "numeric(156,78)")]
    [InlineData("date", null, null, null, "date")]
    [InlineData("time", null, null, null, "time without time zone")]
    [InlineData("time", 3, null, null, "time (3) without time zone")]
    public void Type_map_follows_dlt(string dltType, int? precision, int? scale, bool? timezone, string expected)
    {
        var column = new ColumnSchema("c", DltDataTypes.Parse(dltType)) { Precision = precision, Scale = scale, Timezone = timezone };
        Assert.Equal(expected, PostgresDialect.Instance.ColumnType(column, new PostgresDestination("postgresql://u@h/d").Capabilities));
    }

    [Theory]
    [InlineData("bigint", 128)]
    [InlineData("timestamp", 9)]
    [InlineData("text", 0)]
    public void Unsupported_precisions_are_rejected_with_the_column_name(string dltType, int precision)
    {
        var column = new ColumnSchema("too_precise", DltDataTypes.Parse(dltType)) { Precision = precision };
        var e = Assert.Throws<DestinationCapabilitiesException>(() => PostgresDialect.Instance.ColumnType(column, new PostgresDestination("postgresql://u@h/d").Capabilities));
        Assert.Contains("too_precise", e.Message);
    }

    [Fact]
    public void Long_dataset_names_are_shortened_with_dlt_tag()
    {
        var longName = new string('d', 70) + "_dataset";
        var shortened = PostgresDestination.DatasetIdentifier(longName);
        Assert.Equal(63, shortened.Length);
        Assert.Equal(NamingConvention.ShortenIdentifier(longName, longName, 63), shortened);
        Assert.Equal("short", PostgresDestination.DatasetIdentifier("short"));
        Assert.Throws<PipelineConfigException>(() => PostgresDestination.DatasetIdentifier(new string('é', 40)));
    }
}
