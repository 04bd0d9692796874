using System.Globalization;
using DltNet.Destinations.Sql;
using DltNet.Schema;

namespace DltNet.Destinations.Postgres;

/// <summary>dlt's postgres type map (spec 13.2) and PostgreSQL's statements; the merge SQL itself is shared.</summary>
internal sealed class PostgresDialect : SqlDialect
{
    public static PostgresDialect Instance { get; } = new();

    public override string ColumnType(ColumnSchema c, DestinationCapabilities caps) => c.DataType switch
    {
        DltDataType.Text => c.Precision is { } n ? $"varchar({Positive(c, n)})" : "varchar",
        DltDataType.Double => "double precision",
        DltDataType.Bool => "boolean",
        DltDataType.Timestamp => TimestampType(c, caps),
        DltDataType.Bigint => c.Precision switch
        {
            null => "bigint",
            <= 16 => "smallint",
            <= 32 => "integer",
            <= 64 => "bigint",
            _ => throw new DestinationCapabilitiesException(
                $"Column `{c.Name}` asks for a {c.Precision}-bit integer; PostgreSQL integers have at most 64 bits. Use data type wei or decimal for larger numbers."),
        },
        DltDataType.Binary => "bytea",
        DltDataType.Json => "jsonb",
        DltDataType.Decimal => string.Create(CultureInfo.InvariantCulture,
            $"numeric({c.Precision ?? caps.DecimalPrecision.Precision},{c.Scale ?? (c.Precision is null ? caps.DecimalPrecision.Scale : 0)})"),
        DltDataType.Wei => string.Create(CultureInfo.InvariantCulture, $"numeric({caps.WeiPrecision.Precision},{caps.WeiPrecision.Scale})"),
        DltDataType.Date => "date",
        DltDataType.Time => c.Precision is { } p ? $"time ({FractionalDigits(c, p, caps)}) without time zone" : "time without time zone",
        _ => throw new SchemaCorruptedException($"Column `{c.Name}` has no data type."),
    };

    private static string TimestampType(ColumnSchema c, DestinationCapabilities caps)
    {
        // dlt's PostgresTypeMapper.to_db_datetime_type: precision in parentheses, time zone unless timezone is explicitly false
        var precision = c.Precision is { } p ? $" ({FractionalDigits(c, p, caps)})" : "";
        return c.Timezone == false ? $"timestamp{precision} without time zone" : $"timestamp{precision} with time zone";
    }

    private static string FractionalDigits(ColumnSchema c, int p, DestinationCapabilities caps)
    {
        if (p < 0 || p > caps.TimestampPrecision)
            throw new DestinationCapabilitiesException(
                $"Column `{c.Name}` has precision {p}; PostgreSQL keeps 0 to {caps.TimestampPrecision} fractional second digits.");
        return p.ToString(CultureInfo.InvariantCulture);
    }

    private static string Positive(ColumnSchema c, int n) => n > 0
        ? n.ToString(CultureInfo.InvariantCulture)
        : throw new DestinationCapabilitiesException($"Column `{c.Name}` has text precision {n}; a varchar length must be positive.");

    public override string Truncate(string qualifiedTable) => $"TRUNCATE TABLE {qualifiedTable}";
}
