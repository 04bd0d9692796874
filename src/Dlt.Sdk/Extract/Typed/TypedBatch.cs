using DltNet.Normalize;
using DltNet.Schema;
using DltNet.Storage;

namespace DltNet.Extract.Typed;

/// <summary>
/// Typed column buffers of the tables of one typed resource during extract. Generated <see cref="ITypedTableWriter"/>s
/// append rows; when a table holds the pipeline's rows-per-file it is written as a Parquet job file (data columns,
/// then dlt's system columns, in the physical types of the normalizer's job files) on a background task while the
/// next rows fill a second set of buffers, so memory stays bounded and extract overlaps file writing. Text and row ids
/// are kept as bytes, never as references to strings: a buffer of many rows gives the garbage collector nothing to
/// trace or promote, and the strings of the items die young.
/// </summary>
public sealed class TypedBatch
{
    private readonly TypedBatchTable[] _tables;

    // the root table when its ids are key hashes (set up by TypedFastPath before the batch is made)
    private readonly TypedBatchTable? _keyed;

    internal TypedBatch(TypedBatchTable[] tables)
    {
        _tables = tables;
        _keyed = tables.Length > 0 && tables[0].KeyColumns is not null ? tables[0] : null;
    }

    /// <summary>Table <paramref name="index"/> (the index in <see cref="ITypedTableWriter.Schema"/>'s tables).</summary>
    public TypedBatchTable Table(int index) => _tables[index];

    internal IReadOnlyList<TypedBatchTable> Tables => _tables;

    /// <summary>Remembers the row counts before a row is appended.</summary>
    internal void Mark()
    {
        foreach (var t in _tables) t.Mark();
    }

    /// <summary>Drops the rows appended since <see cref="Mark"/> (a row that goes the dynamic path instead).</summary>
    internal void Rollback()
    {
        foreach (var t in _tables) t.Rollback();
    }

    /// <summary>
    /// Ends the row just appended: the root row of upsert or insert-only must have its whole primary key (throws
    /// <see cref="TypedRowRejectedException"/> for a null key, which the dynamic path reports); its id, the key's hash,
    /// is made when the file is written.
    /// </summary>
    internal void EndRow()
    {
        if (_keyed is { } root) root.CheckKeyPresent();
    }

    /// <summary>Starts writing the tables that hold a full file.</summary>
    internal void FlushFull()
    {
        foreach (var t in _tables)
            if (t.IsFull) t.Flush();
    }

    /// <summary>Writes all buffered rows and waits for every file; returns the files written.</summary>
    internal List<string> Complete()
    {
        foreach (var t in _tables) t.Flush();
        var files = new List<string>();
        foreach (var t in _tables)
        {
            t.WaitForPending();
            files.AddRange(t.Files);
        }
        return files;
    }

    /// <summary>Waits for background writes without writing buffered rows (after a failure).</summary>
    internal void Abandon()
    {
        foreach (var t in _tables) t.AbandonPending();
    }
}

/// <summary>Thrown by a <see cref="TypedBatchTable"/> when a row cannot take the fast path (a null in a not-null column); the row goes the dynamic path, which reports it.</summary>
internal sealed class TypedRowRejectedException() : Exception("The row does not fit the typed fast path.");

/// <summary>The typed column buffers of one table of a <see cref="TypedBatch"/>.</summary>
public sealed class TypedBatchTable
{
    private readonly string _loadId;
    private readonly bool _isRoot;
    private readonly bool _storeRootId;
    private readonly bool[] _nullable;
    private readonly string[] _names;
    private readonly PhysicalKind[] _kinds;
    private readonly string _jobsDir;
    private readonly int _maxRows;
    /// <summary>
    /// Files written at the same time as the next rows fill: one (two buffer sets). Two writers (three sets) were measured
    /// on 2 cores: no faster (the row producer, the writer and the GC already use both cores) and 30-60 MB more memory.
    /// </summary>
    private const int MaxPendingWrites = 1;
    private Buffers _buffers;
    private readonly Stack<Buffers> _spares = new();
    private readonly Queue<(Task Write, Buffers Buffers)> _pending = new();
    private int _rows;
    private int _row = -1;
    private int _mark;

    internal TypedBatchTable(string name, string loadId, bool isRoot, bool storeRootId, IReadOnlyList<(string Name, DltDataType Type, bool Nullable)> columns,
        string jobsDir, int maxRows)
    {
        Name = name;
        _loadId = loadId;
        _isRoot = isRoot;
        _storeRootId = storeRootId;
        _names = columns.Select(c => c.Name).ToArray();
        _kinds = columns.Select(c => ParquetJobWriter.KindOf(c.Type)).ToArray();
        _nullable = columns.Select(c => c.Nullable).ToArray();
        _jobsDir = jobsDir;
        _maxRows = Math.Max(1, maxRows);
        _buffers = new Buffers(_kinds, isRoot, Math.Min(_maxRows, 1024));
    }

    /// <summary>Table name.</summary>
    public string Name { get; }

    /// <summary>
    /// Hands each job file to the early load with the columns it is written from, on the writer's thread: after the file
    /// is complete, or alongside its writing when <see cref="EarlyCopiesFromMemory"/>. The writer waits for the returned
    /// task before it reuses the columns.
    /// </summary>
    internal Func<string, IReadOnlyList<ParquetJobWriter.JobColumn>, int, Task>? FileWritten { get; set; }

    /// <summary>
    /// Columns of the primary key when root ids are key hashes (upsert, insert-only), as in
    /// <c>RelationalNormalizer.ComputeRootRowId</c>; null for random ids.
    /// </summary>
    internal int[]? KeyColumns { get; set; }

    /// <summary>Rejects the current row when a value of its primary key is null (its id is hashed from the key later).</summary>
    internal void CheckKeyPresent()
    {
        foreach (var c in KeyColumns!)
        {
            var missing = _kinds[c] switch
            {
                PhysicalKind.Int64 => ((long?[])_buffers.Columns[c])[_row] is null,
                PhysicalKind.Bool => ((bool?[])_buffers.Columns[c])[_row] is null,
                _ => ((Utf8Column)_buffers.Columns[c]).IsNull(_row),
            };
            if (missing) throw new TypedRowRejectedException();
        }
    }

    /// <summary>Rows written to files and buffered.</summary>
    internal long RowCount { get; private set; }

    internal List<string> Files { get; } = [];

    internal bool IsFull => _rows >= _maxRows;

    internal void Mark() => _mark = _rows;

    internal void Rollback()
    {
        RowCount -= _rows - _mark;
        _rows = _mark;
        _row = _rows - 1;
        _buffers.TruncateText(_rows);
    }

    /// <summary>Starts a root row; returns its random <c>_dlt_id</c> (for its nested rows; the table keeps the id as bytes).</summary>
    public string BeginRoot()
    {
        var row = NextRow();
        var id = _buffers.IdBytesOf(row);
        RowIds.RandomInto(id);
        return System.Text.Encoding.ASCII.GetString(id);
    }

    /// <summary>Starts a root row of a row type without nested tables: its random <c>_dlt_id</c> is only kept as bytes (no string is made).</summary>
    public void BeginRootRow()
    {
        var row = NextRow();
        // a keyed row's id is the hash of its key, made when the file is written
        if (KeyColumns is null) RowIds.RandomInto(_buffers.IdBytesOf(row));
    }

    /// <summary>
    /// Starts a nested row whose own rows have no nested tables: no row refers to its <c>_dlt_id</c> during extract,
    /// so the ids of all such rows are hashed four at a time when the file is written (on the writer's task).
    /// </summary>
    public void BeginChildRow(string parentId, string rootId, int listIndex)
    {
        var row = NextRow();
        var b = _buffers;
        b.ChildIdsDeferred = true;
        SetLinks(b, row, parentId, rootId, listIndex);
    }

    /// <summary>Starts a nested row at <paramref name="listIndex"/> of its parent's list; returns its <c>_dlt_id</c> (for its own nested rows).</summary>
    public string BeginChild(string parentId, string rootId, int listIndex)
    {
        var row = NextRow();
        var b = _buffers;
        var id = b.IdBytesOf(row);
        RowIds.ChildInto(parentId, Name, listIndex, id);
        SetLinks(b, row, parentId, rootId, listIndex);
        return System.Text.Encoding.ASCII.GetString(id);
    }

    private void SetLinks(Buffers b, int row, string parentId, string rootId, int listIndex)
    {
        b.ParentIds!.Set(row, parentId);
        b.ListIndexes![row] = listIndex;
        if (_storeRootId) b.RootIds!.Set(row, rootId);
    }

    private int NextRow()
    {
        // a table fills up to rows-per-file between items; one item with more nested rows than that grows past it
        if (_rows == _buffers.Capacity) _buffers.Grow(_rows < _maxRows ? Math.Min(_maxRows, _buffers.Capacity * 2) : _buffers.Capacity * 2, _rows);
        RowCount++;
        return _row = _rows++;
    }

    /// <summary>Sets a bigint column.</summary>
    public void Int64(int column, long value) => ((long?[])_buffers.Columns[column])[_row] = value;

    /// <summary>Sets a double column.</summary>
    public void Double(int column, double value) => ((double?[])_buffers.Columns[column])[_row] = value;

    /// <summary>Sets a bool column.</summary>
    public void Bool(int column, bool value) => ((bool?[])_buffers.Columns[column])[_row] = value;

    /// <summary>Sets a timestamp column (stored as microseconds since the Unix epoch, UTC).</summary>
    public void Timestamp(int column, DateTimeOffset value) =>
        ((long?[])_buffers.Columns[column])[_row] = (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    /// <summary>Sets a text column (kept as UTF-8); null is checked against the column's nullability.</summary>
    public void Text(int column, string? value)
    {
        if (value is null) Null(column);
        else ((Utf8Column)_buffers.Columns[column]).Set(_row, value);
    }

    /// <summary>Sets a binary column; null is checked against the column's nullability.</summary>
    public void Binary(int column, byte[]? value)
    {
        if (value is null) Null(column);
        else ((byte[]?[])_buffers.Columns[column])[_row] = value;
    }

    /// <summary>A null value of the row: a column that does not allow nulls sends the row to the dynamic path (which reports it).</summary>
    public void Null(int column)
    {
        if (!_nullable[column]) throw new TypedRowRejectedException();
        Absent(column);
    }

    /// <summary>No value: the member holding the column is itself null (the dynamic path never sees the column, so no null check).</summary>
    public void Absent(int column)
    {
        var values = _buffers.Columns[column];
        switch (_kinds[column])
        {
            case PhysicalKind.Int64 or PhysicalKind.Micros: ((long?[])values)[_row] = null; break;
            case PhysicalKind.Double: ((double?[])values)[_row] = null; break;
            case PhysicalKind.Bool: ((bool?[])values)[_row] = null; break;
            case PhysicalKind.Bytes: ((byte[]?[])values)[_row] = null; break;
            default: ((Utf8Column)values).SetNull(_row); break;
        }
    }

    /// <summary>Starts writing the buffered rows as a Parquet job file on a background task.</summary>
    internal void Flush()
    {
        if (_rows == 0) return;
        while (_pending.Count >= MaxPendingWrites) WaitForOldest();
        var buffers = _buffers;
        var rows = _rows;
        var path = Path.Combine(_jobsDir, JobFileName.New(Name, ParquetJobWriter.Format).ToString());
        Files.Add(path);
        _pending.Enqueue((Task.Run(() => WriteAndHandOverAsync(path, buffers, rows)), buffers));
        _buffers = _spares.Count > 0 ? _spares.Pop() : new Buffers(_kinds, _isRoot, Math.Min(_maxRows, Math.Max(1024, buffers.Capacity)));
        _rows = 0;
        _row = -1;
        _mark = 0;
    }

    internal void WaitForPending()
    {
        while (_pending.Count > 0) WaitForOldest();
    }

    /// <summary>Waits for every background write, ignoring their failures (the extract failed already; its folder is deleted).</summary>
    internal void AbandonPending()
    {
        while (_pending.Count > 0)
        {
            var (write, _) = _pending.Dequeue();
            try
            {
                write.GetAwaiter().GetResult();
            }
            catch (Exception)
            {
                // reported by the failure that abandons the batch
            }
        }
    }

    private void WaitForOldest()
    {
        var (write, buffers) = _pending.Dequeue();
        write.GetAwaiter().GetResult();
        buffers.Clear();
        _spares.Push(buffers);
    }

    /// <summary>Writes the job file, then hands it to the early load (which may keep the buffers until it copied them).</summary>
    private async Task WriteAndHandOverAsync(string path, Buffers buffers, int rows)
    {
        var fields = Columns(buffers, rows);
        if (FileWritten is not { } handOver)
        {
            ParquetJobWriter.WriteFile(path, fields, rows, CancellationToken.None);
            return;
        }
        if (EarlyCopiesFromMemory)
        {
            // the copy reads the same (unchanging) arrays as the file writer: both run at once
            var copy = handOver(path, fields, rows);
            ParquetJobWriter.WriteFile(path, fields, rows, CancellationToken.None);
            await copy.ConfigureAwait(false);
            return;
        }
        ParquetJobWriter.WriteFile(path, fields, rows, CancellationToken.None);
        await handOver(path, fields, rows).ConfigureAwait(false);
    }

    /// <summary>The early load copies from the column arrays, not from the file (see <see cref="FileWritten"/>).</summary>
    internal bool EarlyCopiesFromMemory { get; set; }

    private List<ParquetJobWriter.JobColumn> Columns(Buffers buffers, int rows)
    {
        var fields = new List<ParquetJobWriter.JobColumn>();
        for (var c = 0; c < _names.Length; c++)
            fields.Add(buffers.Columns[c] is Utf8Column text ? text.ToJobColumn(_names[c]) : ParquetJobWriter.Column(_names[c], _kinds[c], buffers.Columns[c]));
        if (!_isRoot)
        {
            if (buffers.ChildIdsDeferred) RowIds.ChildIdsInto(buffers.ParentIds!.Bytes, buffers.ParentIds.Ends, Name, buffers.ListIndexes!, rows, buffers.IdBytes);
            if (_storeRootId) fields.Add(buffers.RootIds!.ToJobColumn("_dlt_root_id"));
            fields.Add(buffers.ParentIds!.ToJobColumn("_dlt_parent_id"));
            fields.Add(ParquetJobWriter.Column("_dlt_list_idx", PhysicalKind.Int64, buffers.ListIndexes!));
        }
        else
        {
            if (KeyColumns is { } keys) RowIds.KeyHashIdsInto([.. keys.Select(c => fields[c])], rows, buffers.IdBytes);
            fields.Add(ParquetJobWriter.Column("_dlt_load_id", PhysicalKind.Text, buffers.LoadIds(_loadId, rows)));
        }
        fields.Add(ParquetJobWriter.FixedWidthText("_dlt_id", buffers.IdBytes, RowIds.IdLength));
        return fields;
    }

    /// <summary>dlt's system columns of this table's job files, in file order.</summary>
    internal IEnumerable<string> SystemColumns()
    {
        if (_isRoot)
        {
            yield return "_dlt_load_id";
            yield return "_dlt_id";
            yield break;
        }
        if (_storeRootId) yield return "_dlt_root_id";
        yield return "_dlt_parent_id";
        yield return "_dlt_list_idx";
        yield return "_dlt_id";
    }

    /// <summary>One set of column arrays (two per table: one fills while the other is written).</summary>
    private sealed class Buffers
    {
        private readonly PhysicalKind[] _kinds;
        private string[]? _loadIds;

        public Buffers(PhysicalKind[] kinds, bool isRoot, int capacity)
        {
            _kinds = kinds;
            Capacity = capacity;
            Columns = new object[kinds.Length];
            for (var c = 0; c < kinds.Length; c++) Columns[c] = kinds[c] == PhysicalKind.Text ? new Utf8Column(capacity) : NewArray(kinds[c], capacity);
            IdBytes = new byte[capacity * RowIds.IdLength];
            if (isRoot) return;
            ParentIds = new Utf8Column(capacity);
            RootIds = new Utf8Column(capacity);
            ListIndexes = new long?[capacity];
        }

        public int Capacity { get; private set; }
        /// <summary>Per column: a <see cref="Utf8Column"/> for text, else a typed array (long?[], double?[], bool?[], byte[]?[]).</summary>
        public object[] Columns { get; }
        /// <summary>The 14 ASCII bytes of every row's <c>_dlt_id</c>, back to back.</summary>
        public byte[] IdBytes;
        public readonly Utf8Column? ParentIds;
        public readonly Utf8Column? RootIds;
        public long?[]? ListIndexes;

        /// <summary>Ids of these nested rows are hashed from <see cref="ParentIds"/> and <see cref="ListIndexes"/> when the file is written.</summary>
        public bool ChildIdsDeferred;

        /// <summary>The 14 id bytes of <paramref name="row"/>.</summary>
        public Span<byte> IdBytesOf(int row) => IdBytes.AsSpan(row * RowIds.IdLength, RowIds.IdLength);

        public string[] LoadIds(string loadId, int rows)
        {
            if (_loadIds is null || _loadIds.Length < rows)
            {
                _loadIds = new string[Capacity];
                Array.Fill(_loadIds, loadId);
            }
            return _loadIds;
        }

        public void Grow(int capacity, int rows)
        {
            for (var c = 0; c < Columns.Length; c++)
            {
                if (Columns[c] is Utf8Column text)
                {
                    text.Grow(capacity);
                    continue;
                }
                var grown = NewArray(_kinds[c], capacity);
                Array.Copy((Array)Columns[c], grown, rows);
                Columns[c] = grown;
            }
            Array.Resize(ref IdBytes, capacity * RowIds.IdLength);
            ParentIds?.Grow(capacity);
            RootIds?.Grow(capacity);
            if (ListIndexes is not null) Array.Resize(ref ListIndexes, capacity);
            Capacity = capacity;
        }

        /// <summary>Drops the text of rows from <paramref name="rows"/> on (a row rolled back).</summary>
        public void TruncateText(int rows)
        {
            foreach (var column in Columns)
                if (column is Utf8Column text) text.Truncate(rows);
            ParentIds?.Truncate(rows);
            RootIds?.Truncate(rows);
        }

        /// <summary>Empties the buffers for reuse (and drops references to byte arrays of rows, so a spare buffer does not keep them alive).</summary>
        public void Clear()
        {
            for (var c = 0; c < Columns.Length; c++)
            {
                if (Columns[c] is Utf8Column text) text.Truncate(0);
                else if (_kinds[c] == PhysicalKind.Bytes) Array.Clear((Array)Columns[c]);
            }
            ParentIds?.Truncate(0);
            RootIds?.Truncate(0);
            ChildIdsDeferred = false;
        }

        private static Array NewArray(PhysicalKind kind, int capacity) => kind switch
        {
            PhysicalKind.Int64 or PhysicalKind.Micros => new long?[capacity],
            PhysicalKind.Double => new double?[capacity],
            PhysicalKind.Bool => new bool?[capacity],
            _ => new byte[]?[capacity],
        };
    }

    /// <summary>
    /// A text column kept as UTF-8 (<see cref="ParquetJobWriter.Utf8Text"/>): values back to back in <see cref="Bytes"/>,
    /// row r ending at <c>Ends[r]</c> (the complement of that offset for a null). Rows are set in order.
    /// </summary>
    private sealed class Utf8Column(int capacity)
    {
        public byte[] Bytes = new byte[capacity * 16];
        public int[] Ends = new int[capacity];
        private int _length;

        public void Set(int row, string value)
        {
            _length = ParquetJobWriter.AppendUtf8(ref Bytes, _length, value);
            Ends[row] = _length;
        }

        public void SetNull(int row) => Ends[row] = ~_length;

        /// <summary>Whether <paramref name="row"/> holds null (a primary key value must not).</summary>
        public bool IsNull(int row) => Ends[row] < 0;

        /// <summary>Keeps the first <paramref name="rows"/> rows.</summary>
        public void Truncate(int rows) => _length = rows == 0 ? 0 : ParquetJobWriter.Utf8End(Ends[rows - 1]);

        public void Grow(int capacity) => Array.Resize(ref Ends, capacity);

        public ParquetJobWriter.JobColumn ToJobColumn(string name) => ParquetJobWriter.Utf8Text(name, Bytes, Ends);
    }
}
