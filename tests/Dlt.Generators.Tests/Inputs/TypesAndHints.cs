// Every scalar mapping and every [DltColumn]/[DltTable]/[DltIgnore] hint, inheritance, fields, keywords, global namespace.
#nullable enable
using System;
using System.Collections.Generic;
using System.Numerics;
using DltNet.Attributes;
using DltNet.Schema;

[DltTable]
public sealed class GlobalRow
{
    public int Value { get; set; }
}

namespace Types.Hints
{
    public enum Color { Red, Green, Blue }

    [DltTable("all_types", MaxTableNesting = 2, WriteDisposition = WriteDispositionKind.Merge, MergeStrategy = MergeStrategy.Upsert, SchemaContract = "freeze", FileFormat = "parquet", TableFormat = "delta")]
    public class AllTypes : BaseRow
    {
        public long Int64 { get; init; }
        public int Int32 { get; init; }
        public short Int16 { get; init; }
        public byte Byte { get; init; }
        public sbyte SByte { get; init; }
        public ushort UInt16 { get; init; }
        public uint UInt32 { get; init; }
        public ulong UInt64 { get; init; }
        public Int128 Huge { get; init; }
        public BigInteger Big { get; init; }
        public double Double { get; init; }
        public float Single { get; init; }
        public Half Half { get; init; }
        public decimal Decimal { get; init; }
        public bool Bool { get; init; }
        public string Text { get; init; } = "";
        public string? MaybeText { get; init; }
        public char Char { get; init; }
        public DateTimeOffset Instant { get; init; }
        public DateTime When { get; init; }
        public DateOnly Day { get; init; }
        public TimeOnly Clock { get; init; }
        public TimeSpan Duration { get; init; }
        public Guid Guid { get; init; }
        public Uri? Link { get; init; }
        public byte[] Bytes { get; init; } = Array.Empty<byte>();
        public ReadOnlyMemory<byte> Memory { get; init; }
        public Color Color { get; init; }
        [DltColumn(DataType = DltDataType.Bigint)] public Color ColorCode { get; init; }
        public Color? MaybeColor { get; init; }
        public int? MaybeInt { get; init; }
        public DateTimeOffset? MaybeInstant { get; init; }
        public object? Anything { get; init; }

        [DltColumn("amount_usd", Precision = 18, Scale = 4)] public decimal Amount { get; init; }
        [DltColumn(PrimaryKey = true, Nullable = false)] public string? Key { get; init; }
        [DltColumn(MergeKey = true, Partition = true)] public DateOnly Partition { get; init; }
        [DltColumn(HardDelete = true)] public bool Deleted { get; init; }
        [DltColumn(DedupSort = "desc", Cluster = true, Unique = true)] public long Version { get; init; }
        [DltColumn(NoTimezone = true)] public DateTime LocalTime { get; init; }
        [DltColumn(Nullable = true)] public long Optional { get; init; }
        [DltIgnore] public string Secret { get; init; } = "";
        [DltColumn(DataType = DltDataType.Timestamp)] public string? StampText { get; init; }

        public string this[int index] => index.ToString();
        public static string StaticIgnored { get; set; } = "";
        internal string InternalIgnored { get; set; } = "";
        public string WriteOnly { set { } }

        public int Counter;
        public readonly string ReadOnlyField = "x";
        [DltIgnore] public int IgnoredField;

        public string @event { get; init; } = "";
        public string HTTPStatus { get; init; } = "";
        public string user_ID { get; init; } = "";
        public string ÄpfelCount { get; init; } = "";
    }

    public abstract class BaseRow
    {
        public long BaseId { get; init; }
        public virtual string Kind { get; init; } = "";
    }

    public static partial class Container
    {
        [DltTable]
        public sealed record Nested(long Id, [DltColumn("label_text")] string Label, [DltIgnore] string Hidden);
    }
}
