namespace DltNet.Storage;

/// <summary>
/// The Thrift compact protocol, as far as Parquet's footer and page headers need it (structs, i16/i32/i64, binary,
/// lists). Fields are written in increasing id order, so each header is one byte with the id delta.
/// See https://github.com/apache/thrift/blob/master/doc/specs/thrift-compact-protocol.md.
/// </summary>
internal sealed class ThriftCompactWriter(ByteBuffer output)
{
    public const byte TypeI16 = 4, TypeI32 = 5, TypeI64 = 6, TypeBinary = 8, TypeList = 9, TypeStruct = 12;

    private readonly Stack<short> _outer = new();
    private short _lastField;

    /// <summary>Starts a struct (a field value or a list element).</summary>
    public void BeginStruct()
    {
        _outer.Push(_lastField);
        _lastField = 0;
    }

    /// <summary>Ends a struct with the stop byte.</summary>
    public void EndStruct()
    {
        output.WriteByte(0);
        _lastField = _outer.Pop();
    }

    public void FieldHeader(short id, byte type)
    {
        var delta = id - _lastField;
        if (delta is > 0 and <= 15) output.WriteByte((byte)((delta << 4) | type));
        else
        {
            output.WriteByte(type);
            WriteVarint(ZigZag(id));
        }
        _lastField = id;
    }

    public void I16(short id, short value)
    {
        FieldHeader(id, TypeI16);
        WriteVarint(ZigZag(value));
    }

    public void I32(short id, int value)
    {
        FieldHeader(id, TypeI32);
        WriteVarint(ZigZag(value));
    }

    public void I64(short id, long value)
    {
        FieldHeader(id, TypeI64);
        WriteVarint(ZigZag(value));
    }

    public void Binary(short id, string value)
    {
        FieldHeader(id, TypeBinary);
        BinaryValue(value);
    }

    public void BinaryValue(string value)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(value);
        WriteVarint((ulong)bytes.Length);
        output.Write(bytes);
    }

    /// <summary>Starts a struct-typed field.</summary>
    public void StructField(short id)
    {
        FieldHeader(id, TypeStruct);
        BeginStruct();
    }

    /// <summary>Starts a list field of <paramref name="count"/> elements of <paramref name="elementType"/>.</summary>
    public void ListField(short id, byte elementType, int count)
    {
        FieldHeader(id, TypeList);
        if (count < 15) output.WriteByte((byte)((count << 4) | elementType));
        else
        {
            output.WriteByte((byte)(0xF0 | elementType));
            WriteVarint((ulong)count);
        }
    }

    public void I32Value(int value) => WriteVarint(ZigZag(value));

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            output.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        output.WriteByte((byte)value);
    }
}

/// <summary>A growable byte buffer reused across pages (no per-page allocation once grown).</summary>
internal sealed class ByteBuffer(int capacity = 1 << 16)
{
    private byte[] _data = new byte[capacity];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => _data.AsSpan(0, Length);

    public void Clear() => Length = 0;

    /// <summary>A span of at least <paramref name="size"/> writable bytes at the end; commit with <see cref="Advance"/>.</summary>
    public Span<byte> GetSpan(int size)
    {
        if (Length + size > _data.Length) Array.Resize(ref _data, Math.Max(Length + size, _data.Length * 2));
        return _data.AsSpan(Length);
    }

    public void Advance(int count) => Length += count;

    public void WriteByte(byte value)
    {
        if (Length == _data.Length) Array.Resize(ref _data, _data.Length * 2);
        _data[Length++] = value;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        Length += bytes.Length;
    }
}
