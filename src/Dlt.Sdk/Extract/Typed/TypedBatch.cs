using DltNet.Normalize;
using DltNet.Schema;
using DltNet.Storage;

namespace DltNet.Extract.Typed;

/// <summary>
/// Typed column buffers of the tables of one typed resource during extract. Generated <see cref="ITypedTableWriter"/>s
/// append rows; when a table holds the pipeline's rows-per-file it is written as a Parquet job file (data columns,
/// then dlt's system columns, in the physical types of the normalizer's job files) on a background task while the
/// next rows fill a second set of buffers, so memory stays bounded and extract overlaps file writing.
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
    /// Ends the row just appended: a root table of upsert or insert-only replaces its id by the hash of its primary key
    /// (throws <see cref="TypedRowRejectedException"/> for a null key, which the dynamic path reports).
    /// </summary>
    internal void EndRow()
    {
        if (_keyed is { } root) root.HashKeyIntoId();
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
        _buffers = new Buffers(_kinds, Math.Min(_maxRows, 1024));
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

    private KeyValuePair<string, object?>[]? _keyPairs;

    /// <summary>Replaces the current row's id by the hash of its key values (boxed as the dynamic path holds them).</summary>
    internal void HashKeyIntoId()
    {
        var keys = KeyColumns!;
        var pairs = _keyPairs ??= new KeyValuePair<string, object?>[keys.Length];
        for (var k = 0; k < keys.Length; k++)
        {
            var c = keys[k];
            object? value = _kinds[c] switch
            {
                PhysicalKind.Int64 => ((long?[])_buffers.Columns[c])[_row],
                PhysicalKind.Bool => ((bool?[])_buffers.Columns[c])[_row],
                _ => ((string?[])_buffers.Columns[c])[_row],
            };
            if (value is null) throw new TypedRowRejectedException();
            pairs[k] = new(_names[c], value);
        }
        if (_buffers.IdsAreBytes) RowIds.ObjectHashInto(pairs, _buffers.IdBytesOf(_row));
        else _buffers.Ids[_row] = RowIds.ObjectHash(pairs);
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
    }

    /// <summary>Starts a root row; returns its random <c>_dlt_id</c>.</summary>
    public string BeginRoot()
    {
        var row = NextRow();
        _buffers.UseIdBytes(false);
        var id = RowIds.Random();
        _buffers.Ids[row] = id;
        return id;
    }

    /// <summary>Starts a root row of a row type without nested tables: its random <c>_dlt_id</c> is kept as bytes, never as a string.</summary>
    public void BeginRootRow()
    {
        var row = NextRow();
        RowIds.RandomInto(_buffers.IdBytesOf(row));
    }

    /// <summary>Starts a nested row whose own rows have no nested tables: its <c>_dlt_id</c> is kept as bytes, never as a string.</summary>
    public void BeginChildRow(string parentId, string rootId, int listIndex)
    {
        var row = NextRow();
        var b = _buffers;
        RowIds.ChildInto(parentId, Name, listIndex, b.IdBytesOf(row));
        b.ParentIds![row] = parentId;
        b.ListIndexes![row] = listIndex;
        if (_storeRootId) b.RootIds![row] = rootId;
    }

    /// <summary>Starts a nested row at <paramref name="listIndex"/> of its parent's list; returns its <c>_dlt_id</c>.</summary>
    public string BeginChild(string parentId, string rootId, int listIndex)
    {
        var row = NextRow();
        _buffers.UseIdBytes(false);
        var id = RowIds.Child(parentId, Name, listIndex);
        var b = _buffers;
        b.Ids[row] = id;
        b.ParentIds![row] = parentId;
        b.ListIndexes![row] = listIndex;
        if (_storeRootId) b.RootIds![row] = rootId;
        return id;
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

    /// <summary>Sets a text column; null is checked against the column's nullability.</summary>
    public void Text(int column, string? value)
    {
        if (value is null) Null(column);
        else ((string?[])_buffers.Columns[column])[_row] = value;
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
            default: ((string?[])values)[_row] = null; break;
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
        _buffers = _spares.Count > 0 ? _spares.Pop() : new Buffers(_kinds, Math.Min(_maxRows, Math.Max(1024, buffers.Capacity)));
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
        for (var c = 0; c < _names.Length; c++) fields.Add(ParquetJobWriter.Column(_names[c], _kinds[c], buffers.Columns[c]));
        if (!_isRoot)
        {
            if (_storeRootId) fields.Add(ParquetJobWriter.Column("_dlt_root_id", PhysicalKind.Text, buffers.RootIds!));
            fields.Add(ParquetJobWriter.Column("_dlt_parent_id", PhysicalKind.Text, buffers.ParentIds!));
            fields.Add(ParquetJobWriter.Column("_dlt_list_idx", PhysicalKind.Int64, buffers.ListIndexes!));
            fields.Add(IdColumn(buffers));
        }
        else
        {
            var loadIds = buffers.LoadIds(_loadId, rows);
            fields.Add(ParquetJobWriter.Column("_dlt_load_id", PhysicalKind.Text, loadIds));
            fields.Add(IdColumn(buffers));
        }
        return fields;
    }

    /// <summary>The <c>_dlt_id</c> column: bytes for rows begun with BeginRootRow/BeginChildRow, else strings (one generated writer fills a table).</summary>
    private static ParquetJobWriter.JobColumn IdColumn(Buffers buffers) => buffers.IdsAreBytes
        ? ParquetJobWriter.FixedWidthText("_dlt_id", buffers.IdBytes!, RowIds.IdLength)
        : ParquetJobWriter.Column("_dlt_id", PhysicalKind.Text, buffers.Ids);

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

        public Buffers(PhysicalKind[] kinds, int capacity)
        {
            _kinds = kinds;
            Capacity = capacity;
            Columns = new object[kinds.Length];
            for (var c = 0; c < kinds.Length; c++) Columns[c] = NewArray(kinds[c], capacity);
            Ids = new string[capacity];
            ParentIds = new string[capacity];
            RootIds = new string[capacity];
            ListIndexes = new long?[capacity];
        }

        public int Capacity { get; private set; }
        public object[] Columns { get; }
        public string[] Ids;
        public byte[]? IdBytes;
        private bool? _idsAreBytes;

        /// <summary>Row ids of these rows are in <see cref="IdBytes"/> (BeginRootRow/BeginChildRow), not in <see cref="Ids"/>.</summary>
        public bool IdsAreBytes => _idsAreBytes == true;

        /// <summary>One generated writer fills a table, so its rows all keep ids one way; mixing would misplace ids.</summary>
        public void UseIdBytes(bool bytes)
        {
            if (_idsAreBytes is { } current && current != bytes)
                throw new InvalidOperationException("Rows of one table were begun both with a string id (BeginRoot/BeginChild) and with a byte id (BeginRootRow/BeginChildRow).");
            _idsAreBytes = bytes;
        }

        /// <summary>The 14 id bytes of <paramref name="row"/> (ids kept as bytes).</summary>
        public Span<byte> IdBytesOf(int row)
        {
            UseIdBytes(true);
            IdBytes ??= new byte[Capacity * RowIds.IdLength];
            return IdBytes.AsSpan(row * RowIds.IdLength, RowIds.IdLength);
        }
        public string[]? ParentIds;
        public string[]? RootIds;
        public long?[]? ListIndexes;

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
                var grown = NewArray(_kinds[c], capacity);
                Array.Copy((Array)Columns[c], grown, rows);
                Columns[c] = grown;
            }
            Array.Resize(ref Ids, capacity);
            if (IdBytes is not null) Array.Resize(ref IdBytes, capacity * RowIds.IdLength);
            Array.Resize(ref ParentIds, capacity);
            Array.Resize(ref RootIds, capacity);
            Array.Resize(ref ListIndexes, capacity);
            Capacity = capacity;
        }

        /// <summary>Drops references to row values (strings, byte arrays) so a spare buffer does not keep them alive.</summary>
        public void Clear()
        {
            for (var c = 0; c < Columns.Length; c++)
                if (_kinds[c] is PhysicalKind.Text or PhysicalKind.Bytes) Array.Clear((Array)Columns[c]);
            Array.Clear(Ids);
            Array.Clear(ParentIds!);
            Array.Clear(RootIds!);
            _idsAreBytes = null;
        }

        private static Array NewArray(PhysicalKind kind, int capacity) => kind switch
        {
            PhysicalKind.Int64 or PhysicalKind.Micros => new long?[capacity],
            PhysicalKind.Double => new double?[capacity],
            PhysicalKind.Bool => new bool?[capacity],
            PhysicalKind.Bytes => new byte[]?[capacity],
            _ => new string?[capacity],
        };
    }
}
