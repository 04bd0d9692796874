using System.Globalization;
using DltNet.Schema;

namespace DltNet.Destinations.Sql;

/// <summary>What differs between SQL destinations: quoting, the type map and literals. Everything else is shared SQL.</summary>
public abstract class SqlDialect
{
    /// <summary>Quotes an identifier.</summary>
    public virtual string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    /// <summary>Qualified table name.</summary>
    public virtual string Table(string dataset, string table) => Quote(dataset) + "." + Quote(table);

    /// <summary>Destination type of a column (spec 13.2).</summary>
    public abstract string ColumnType(ColumnSchema column, DestinationCapabilities caps);

    /// <summary>Storage options appended to a column's definition in CREATE TABLE (none by default).</summary>
    public virtual string ColumnOptions(ColumnSchema column) => "";

    /// <summary>SQL string literal.</summary>
    public virtual string Literal(string s) => "'" + s.Replace("'", "''") + "'";

    /// <summary>Timestamp literal (UTC instant).</summary>
    public virtual string TimestampLiteral(DateTimeOffset ts) =>
        $"CAST({Literal(ts.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture) + "+00:00")} AS TIMESTAMP WITH TIME ZONE)";

    /// <summary>Statement that empties a table.</summary>
    public virtual string Truncate(string qualifiedTable) => $"DELETE FROM {qualifiedTable}";

    /// <summary>Creates a temporary table from a query.</summary>
    public virtual string CreateTempTableAs(string name, string query) => $"CREATE TEMPORARY TABLE {Quote(name)} AS {query}";

    /// <summary>Drops a temporary table.</summary>
    public virtual string DropTempTable(string name) => $"DROP TABLE IF EXISTS {Quote(name)}";
}
