using System.Net.Sockets;
using System.Text.RegularExpressions;
using Npgsql;

namespace DltNet.Destinations.Postgres;

/// <summary>
/// PostgreSQL failed to connect, to copy a job file or to run a statement. The message carries the server's message, its
/// SQLSTATE and the table concerned, never a password. <see cref="DltException.IsTerminal"/> is false for errors that may
/// pass on retry (connection loss, timeouts, serialization failures, deadlocks, server shutdown): the package then stays
/// pending for the next run.
/// </summary>
public sealed partial class PostgresDestinationException : DltException
{
    private readonly bool _terminal;

    private PostgresDestinationException(string message, Exception inner, bool terminal, string? sqlState, string? tableName)
        : base(message, inner)
    {
        _terminal = terminal;
        SqlState = sqlState;
        TableName = tableName;
    }

    /// <summary>PostgreSQL's SQLSTATE code (<c>23505</c>, <c>42P01</c>, ...), when the server answered.</summary>
    public string? SqlState { get; }
    /// <summary>Qualified table the failed operation was about, if known.</summary>
    public string? TableName { get; }
    /// <inheritdoc />
    public override bool IsTerminal => _terminal;
    /// <inheritdoc />
    public override string ErrorCode => _terminal ? "DatabaseTerminalException" : "DatabaseTransientException";

    /// <summary>True when retrying the operation may succeed.</summary>
    internal static bool IsTransient(Exception e) => e switch
    {
        NpgsqlException n => n.IsTransient,
        SocketException or TimeoutException or IOException => true,
        _ => false,
    };

    internal static PostgresDestinationException Connect(PostgresCredentials credentials, Exception e, int attempts)
    {
        var transient = IsTransient(e);
        var sqlState = (e as PostgresException)?.SqlState;
        var hint = sqlState switch
        {
            "28P01" or "28000" => " Check the username and password.",
            "3D000" => " The database does not exist: create it or fix the database name.",
            "42501" => " The role lacks the privilege to connect.",
            _ when transient => " Is the server running and reachable from this machine?",
            _ => "",
        };
        var message = $"Could not connect to PostgreSQL at {credentials.Displayable} after {attempts} attempt{(attempts == 1 ? "" : "s")}: {Describe(e, credentials)}.{hint}";
        return new PostgresDestinationException(message, e, !transient, sqlState, null);
    }

    internal static PostgresDestinationException Copy(PostgresCredentials credentials, Exception e, string qualifiedTable, string filePath)
    {
        var message = $"Binary COPY of job file {Path.GetFileName(filePath)} into table {qualifiedTable} failed: {Describe(e, credentials)}.";
        return new PostgresDestinationException(message, e, !IsTransient(e), (e as PostgresException)?.SqlState, TableOf(e) ?? qualifiedTable);
    }

    internal static PostgresDestinationException Statement(PostgresCredentials credentials, Exception e, string sql)
    {
        var table = TableOf(e) ?? TargetOf(sql);
        var shown = sql.Length > 400 ? sql[..400] + " …" : sql;
        var on = table is null ? "" : $" on table {table}";
        var message = $"PostgreSQL statement{on} failed: {Describe(e, credentials)}. Statement: {credentials.Redact(shown)}";
        return new PostgresDestinationException(message, e, !IsTransient(e), (e as PostgresException)?.SqlState, table);
    }

    private static string Describe(Exception e, PostgresCredentials credentials)
    {
        var text = e is PostgresException p ? $"{p.MessageText} (SQLSTATE {p.SqlState})" : e.Message.TrimEnd('.');
        if (e is not PostgresException && e.InnerException is { } inner && !text.Contains(inner.Message, StringComparison.Ordinal))
            text += $" ({inner.Message.TrimEnd('.')})";
        return credentials.Redact(text);
    }

    private static string? TableOf(Exception e) =>
        e is PostgresException { TableName: { Length: > 0 } t } p ? (p.SchemaName is { Length: > 0 } s ? $"\"{s}\".\"{t}\"" : $"\"{t}\"") : null;

    private static string? TargetOf(string sql)
    {
        var m = TargetRegex().Match(sql);
        return m.Success ? m.Groups["t"].Value : null;
    }

    [GeneratedRegex("""^\s*(?:INSERT\s+INTO|DELETE\s+FROM|UPDATE|MERGE\s+INTO|CREATE\s+TABLE|ALTER\s+TABLE|TRUNCATE\s+TABLE|DROP\s+TABLE\s+IF\s+EXISTS|CREATE\s+TEMPORARY\s+TABLE)\s+(?<t>"(?:[^"]|"")*"(?:\."(?:[^"]|"")*")?)""", RegexOptions.IgnoreCase)]
    private static partial Regex TargetRegex();
}
