namespace DltNet.Schema;

/// <summary>The eleven dlt data types (spec 3.1). A column's type decides its destination type and how values are coerced.</summary>
public enum DltDataType
{
    /// <summary>Unicode text (<c>text</c>).</summary>
    Text,
    /// <summary>64-bit float (<c>double</c>).</summary>
    Double,
    /// <summary>Boolean (<c>bool</c>).</summary>
    Bool,
    /// <summary>Instant in time, stored in UTC (<c>timestamp</c>).</summary>
    Timestamp,
    /// <summary>64-bit integer (<c>bigint</c>).</summary>
    Bigint,
    /// <summary>Bytes (<c>binary</c>).</summary>
    Binary,
    /// <summary>Nested JSON value kept as one column (<c>json</c>).</summary>
    Json,
    /// <summary>Exact decimal (<c>decimal</c>), default precision (38, 9).</summary>
    Decimal,
    /// <summary>Very large integers (<c>wei</c>).</summary>
    Wei,
    /// <summary>Calendar date (<c>date</c>).</summary>
    Date,
    /// <summary>Time of day (<c>time</c>).</summary>
    Time,
}

/// <summary>Conversions between <see cref="DltDataType"/> and dlt's lower-case names.</summary>
public static class DltDataTypes
{
    /// <summary>dlt's name of the type (<c>bigint</c>, <c>text</c>, ...).</summary>
    public static string ToDltName(this DltDataType type) => type switch
    {
        DltDataType.Text => "text",
        DltDataType.Double => "double",
        DltDataType.Bool => "bool",
        DltDataType.Timestamp => "timestamp",
        DltDataType.Bigint => "bigint",
        DltDataType.Binary => "binary",
        DltDataType.Json => "json",
        DltDataType.Decimal => "decimal",
        DltDataType.Wei => "wei",
        DltDataType.Date => "date",
        DltDataType.Time => "time",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>Parses dlt's type name (<c>complex</c> is read as the legacy name of <c>json</c>).</summary>
    public static DltDataType Parse(string name) => TryParse(name, out var t)
        ? t
        : throw new ArgumentException($"'{name}' is not a dlt data type. Use one of: text, double, bool, timestamp, bigint, binary, json, decimal, wei, date, time.", nameof(name));

    /// <summary>Tries to parse dlt's type name.</summary>
    public static bool TryParse(string? name, out DltDataType type)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case "text": type = DltDataType.Text; return true;
            case "double": type = DltDataType.Double; return true;
            case "bool": type = DltDataType.Bool; return true;
            case "timestamp": type = DltDataType.Timestamp; return true;
            case "bigint": type = DltDataType.Bigint; return true;
            case "binary": type = DltDataType.Binary; return true;
            case "json": case "complex": type = DltDataType.Json; return true;
            case "decimal": type = DltDataType.Decimal; return true;
            case "wei": type = DltDataType.Wei; return true;
            case "date": type = DltDataType.Date; return true;
            case "time": type = DltDataType.Time; return true;
            default: type = default; return false;
        }
    }
}
