using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace DltNet.Destinations.Postgres;

/// <summary>
/// Encodes rows in PostgreSQL's binary COPY format (header, tuples of length-prefixed big-endian fields, trailer) into
/// a pooled buffer that is handed to the raw COPY stream when full. Values are laid out exactly as the server's
/// <c>*_recv</c> functions read them, so one loop over typed column arrays replaces a typed write call per value.
/// </summary>
internal sealed class PostgresBinaryWriter : IDisposable
{
    // PostgreSQL's epoch for timestamp, timestamptz and date values
    private static readonly long PostgresEpochTicks = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;
    private static readonly int PostgresEpochDay = new DateOnly(2000, 1, 1).DayNumber;

    private readonly Stream _stream;
    private byte[] _buffer;
    private int _position;

    public PostgresBinaryWriter(Stream stream, int bufferSize = 1 << 16)
    {
        _stream = stream;
        _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
        // signature, flags (no OIDs), header extension length
        WriteSignature();
        WriteRawInt32(0);
        WriteRawInt32(0);
    }

    private void WriteSignature()
    {
        ReadOnlySpan<byte> signature = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];
        signature.CopyTo(Reserve(signature.Length));
    }

    /// <summary>Starts a tuple of <paramref name="fields"/> fields.</summary>
    public void StartRow(int fields) => BinaryPrimitives.WriteInt16BigEndian(Reserve(2), checked((short)fields));

    public void WriteNull() => WriteRawInt32(-1);

    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16BigEndian(Field(2), value);

    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32BigEndian(Field(4), value);

    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64BigEndian(Field(8), value);

    public void WriteDouble(double value) => BinaryPrimitives.WriteDoubleBigEndian(Field(8), value);

    public void WriteBool(bool value) => Field(1)[0] = value ? (byte)1 : (byte)0;

    /// <summary>A field of <paramref name="length"/> bytes: its length prefix is written, its value bytes are returned.</summary>
    private Span<byte> Field(int length)
    {
        var span = Reserve(4 + length);
        BinaryPrimitives.WriteInt32BigEndian(span, length);
        return span[4..];
    }

    /// <summary>timestamp / timestamptz: microseconds since 2000-01-01 (UTC for timestamptz, wall time for timestamp).</summary>
    public void WriteTimestamp(DateTime value) => WriteInt64((value.Ticks - PostgresEpochTicks) / TimeSpan.TicksPerMicrosecond);

    /// <summary>date: days since 2000-01-01.</summary>
    public void WriteDate(DateOnly value) => WriteInt32(value.DayNumber - PostgresEpochDay);

    /// <summary>time: microseconds since midnight.</summary>
    public void WriteTime(TimeOnly value) => WriteInt64(value.Ticks / TimeSpan.TicksPerMicrosecond);

    /// <summary>text (and varchar): UTF-8 bytes.</summary>
    public void WriteText(ReadOnlySpan<char> value) => WriteUtf8(value, jsonbVersion: false);

    /// <summary>jsonb: version byte 1, then the JSON text in UTF-8.</summary>
    public void WriteJsonb(ReadOnlySpan<char> value) => WriteUtf8(value, jsonbVersion: true);

    /// <summary>text from UTF-8 bytes (text and row ids kept as bytes).</summary>
    public void WriteUtf8Text(ReadOnlySpan<byte> value) => WriteBytes(value);

    /// <summary>bytea: the bytes as they are.</summary>
    public void WriteBytes(ReadOnlySpan<byte> value) => value.CopyTo(Field(value.Length));

    private void WriteUtf8(ReadOnlySpan<char> value, bool jsonbVersion)
    {
        var prefix = jsonbVersion ? 5 : 4;
        var span = Reserve(prefix + Encoding.UTF8.GetMaxByteCount(value.Length));
        // strict UTF-8: a lone surrogate fails here with the value's column named by the caller, not later on the server
        var length = StrictUtf8.GetBytes(value, span[prefix..]);
        BinaryPrimitives.WriteInt32BigEndian(span, length + prefix - 4);
        if (jsonbVersion) span[4] = 1;
        _position -= span.Length - prefix - length;
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// numeric from plain decimal text (<c>[-]digits[.digits]</c>, no exponent): base-10000 digit groups aligned at the
    /// decimal point, the weight of the first group, the sign and the display scale (number of fraction digits).
    /// </summary>
    public void WriteNumeric(ReadOnlySpan<char> plain)
    {
        var negative = plain.Length > 0 && plain[0] == '-';
        if (negative || (plain.Length > 0 && plain[0] == '+')) plain = plain[1..];
        var dot = plain.IndexOf('.');
        var integer = dot < 0 ? plain : plain[..dot];
        var fraction = dot < 0 ? [] : plain[(dot + 1)..];
        if ((integer.Length == 0 && fraction.Length == 0) || integer.ContainsAnyExcept(Digits) || fraction.ContainsAnyExcept(Digits))
            throw new FormatException("the text is not a plain decimal number");
        integer = integer.TrimStart('0');
        var integerGroups = (integer.Length + 3) / 4;
        var fractionGroups = (fraction.Length + 3) / 4;
        Span<short> groups = integerGroups + fractionGroups <= 64 ? stackalloc short[integerGroups + fractionGroups] : new short[integerGroups + fractionGroups];
        // integer digits fill groups from the right, fraction digits from the left
        for (var i = 0; i < integer.Length; i++)
        {
            var fromRight = integer.Length - 1 - i;
            var g = integerGroups - 1 - fromRight / 4;
            groups[g] = (short)(groups[g] + (integer[i] - '0') * Pow10(fromRight % 4));
        }
        for (var i = 0; i < fraction.Length; i++)
        {
            var g = integerGroups + i / 4;
            groups[g] = (short)(groups[g] + (fraction[i] - '0') * Pow10(3 - i % 4));
        }
        var weight = integerGroups - 1;
        var first = 0;
        while (first < groups.Length && groups[first] == 0) { first++; weight--; }
        var last = groups.Length;
        while (last > first && groups[last - 1] == 0) last--;
        var digits = groups[first..last];
        if (digits.Length == 0) { weight = 0; negative = false; }
        var span = Field(8 + 2 * digits.Length);
        BinaryPrimitives.WriteInt16BigEndian(span, (short)digits.Length);
        BinaryPrimitives.WriteInt16BigEndian(span[2..], checked((short)weight));
        BinaryPrimitives.WriteInt16BigEndian(span[4..], negative ? (short)0x4000 : (short)0);
        BinaryPrimitives.WriteInt16BigEndian(span[6..], checked((short)fraction.Length));
        for (var i = 0; i < digits.Length; i++) BinaryPrimitives.WriteInt16BigEndian(span[(8 + 2 * i)..], digits[i]);
    }

    private static readonly SearchValues<char> Digits = SearchValues.Create("0123456789");

    private static int Pow10(int exponent) => exponent switch { 0 => 1, 1 => 10, 2 => 100, _ => 1000 };

    /// <summary>Writes the trailer and hands the rest of the buffer to the stream.</summary>
    public void Finish()
    {
        BinaryPrimitives.WriteInt16BigEndian(Reserve(2), -1);
        Flush();
    }

    private void WriteRawInt32(int value) => BinaryPrimitives.WriteInt32BigEndian(Reserve(4), value);

    /// <summary>The next <paramref name="size"/> bytes of the buffer, flushing (or growing for one large value) first.</summary>
    private Span<byte> Reserve(int size)
    {
        if (_position + size > _buffer.Length)
        {
            Flush();
            if (size > _buffer.Length)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = ArrayPool<byte>.Shared.Rent(size);
            }
        }
        var span = _buffer.AsSpan(_position, size);
        _position += size;
        return span;
    }

    // synchronous: the raw COPY stream buffers too and only touches the socket when its own buffer is full
    private void Flush()
    {
        if (_position == 0) return;
        _stream.Write(_buffer, 0, _position);
        _position = 0;
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
    }
}
