using System.Data.Common;
using DltNet.Destinations.Sql;
using DltNet.Schema;
using Npgsql;

namespace DltNet.Destinations.Postgres;

/// <summary>
/// A connection to one dataset (PostgreSQL schema). Migrations, replace, merge SQL, staging and the system tables come from
/// <see cref="SqlJobClient"/>; this class adds the binary COPY of job files and turns server errors into messages that name
/// the table and never a secret.
/// </summary>
internal sealed class PostgresClient(string dataset, DestinationCapabilities caps, NpgsqlConnection connection, PostgresCredentials credentials)
    : SqlJobClient(dataset, caps, PostgresDialect.Instance)
{
    protected override DbConnection Connection => connection;

    internal override async Task CopyColumnsAsync(string filePath, IReadOnlyList<Storage.ParquetJobWriter.JobColumn> columns, int rows, string targetDataset,
        TableSchema table, CancellationToken ct)
    {
        var qualified = Dialect.Table(targetDataset, table.Name);
        try
        {
            await PostgresBinaryCopy.CopyColumnsAsync(connection, columns, rows, filePath, qualified, table, Dialect.Quote, ct).ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            throw PostgresDestinationException.Copy(credentials, e, qualified, filePath);
        }
    }

    protected override async Task CopyJobAsync(LoadJob job, string targetDataset, TableSchema table, CancellationToken ct)
    {
        var qualified = Dialect.Table(targetDataset, table.Name);
        try
        {
            await PostgresBinaryCopy.CopyAsync(connection, job.FilePath, qualified, table, Dialect.Quote, ct).ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            throw PostgresDestinationException.Copy(credentials, e, qualified, job.FilePath);
        }
    }

    protected override async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        try
        {
            await base.ExecuteAsync(sql, ct).ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            throw PostgresDestinationException.Statement(credentials, e, sql);
        }
    }

    public override async ValueTask DisposeAsync() => await connection.DisposeAsync().ConfigureAwait(false);
}
