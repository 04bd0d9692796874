using DltNet.Schema;
using DltNet.Storage;

namespace DltNet.Normalize;

/// <summary>
/// Buffers the storage rows of one table and writes them as job files when the buffer is full (file rotation),
/// so memory stays bounded however many rows a package has.
/// </summary>
internal sealed class TableRowBuffer(TableSchema table, string jobsDir, int maxRowsPerFile)
{
    private readonly List<object?[]> _rows = [];

    public TableSchema Table { get; } = table;
    public long RowCount { get; private set; }
    public List<string> Files { get; } = [];

    public void Add(object?[] row)
    {
        _rows.Add(row);
        RowCount++;
        if (_rows.Count >= maxRowsPerFile) Flush();
    }

    /// <summary>Writes buffered rows as one Parquet job file.</summary>
    public void Flush()
    {
        if (_rows.Count == 0) return;
        var columns = new List<(ColumnSchema, int)>();
        for (var i = 0; i < Table.Columns.Count; i++)
            if (Table.Columns[i].IsComplete) columns.Add((Table.Columns[i], i));
        var name = JobFileName.New(Table.Name, ParquetJobWriter.Format);
        var path = Path.Combine(jobsDir, name.ToString());
        ParquetJobWriter.WriteAsync(path, columns, _rows, CancellationToken.None).GetAwaiter().GetResult();
        Files.Add(path);
        _rows.Clear();
    }

    /// <summary>Writes an empty job file: the table takes part in this load (replace truncates it) without rows.</summary>
    public void WriteEmptyJob()
    {
        var name = JobFileName.New(Table.Name, ParquetJobWriter.Format);
        var path = Path.Combine(jobsDir, name.ToString());
        File.WriteAllBytes(path, []);
        Files.Add(path);
    }
}
