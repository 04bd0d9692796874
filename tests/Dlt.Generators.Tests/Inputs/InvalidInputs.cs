// What the generator cannot model: it must not crash, it reports why (DLTG00x) and generates the rest.
using System;
using System.Collections.Generic;
using DltNet.Attributes;
using DltNet.Extract;
using DltNet.Schema;

namespace Invalid
{
    public static class NotPartial
    {
        [DltResource]
        public static IEnumerable<Good> Items() => Array.Empty<Good>();
    }

    public static partial class Problems
    {
        [DltResource]
        public static IEnumerable<T> Generic<T>() => Array.Empty<T>();

        [DltResource]
        public static IEnumerable<Good> ByRef(ref int x) => Array.Empty<Good>();

        [DltResource]
        public static IEnumerable<Good> Twice() => Array.Empty<Good>();

        [DltResource]
        public static IEnumerable<Good> Twice(int x) => Array.Empty<Good>();

        [DltResource(SchemaContract = "sometimes")]
        public static IEnumerable<Good> BadContract() => Array.Empty<Good>();

        [DltResource]
        public static IEnumerable<Good> BadInitial([DltIncremental(nameof(Good.When), InitialValue = "yesterday")] Incremental<DateTimeOffset> when) => Array.Empty<Good>();

        [DltResource]
        public static IEnumerable<Good> NotACursor([DltIncremental(nameof(Good.When))] DateTimeOffset when) => Array.Empty<Good>();

        [DltResource]
        public static IEnumerable<Good> TwoCursors(Incremental<long> a, Incremental<long> b) => Array.Empty<Good>();

        [DltResource(MergeStrategy = MergeStrategy.Upsert, WriteDisposition = WriteDispositionKind.Replace)]
        public static IEnumerable<Good> StrategyWithoutMerge() => Array.Empty<Good>();

        [DltResource(ValidFromColumn = "from")]
        public static IEnumerable<Good> Scd2OptionWithoutScd2() => Array.Empty<Good>();

        [DltResource]
        public static int NotEnumerable() => 0;

        [DltResource]
        public static IEnumerable<Good> Clash() => Array.Empty<Good>();

        public static object ClashResource() => new();

        [DltResource]
        public static IEnumerable<Page<Good>> GenericRows() => Array.Empty<Page<Good>>();

        [DltResource]
        public static IEnumerable<Holder> WithBadMembers() => Array.Empty<Holder>();

        [DltResource]
        private static IEnumerable<Hidden> PrivateRows() => Array.Empty<Hidden>();

        private sealed record Hidden(int X);
    }

    [DltSource]
    public static partial class ConflictingSource
    {
        [DltResource]
        public static IEnumerable<Good> A(string key) => Array.Empty<Good>();

        [DltResource]
        public static IEnumerable<Good> B(int key) => Array.Empty<Good>();
    }

    [DltSource]
    public static class SourceNotPartial
    {
    }

    [DltTable(SchemaContract = "never")]
    public abstract class AbstractRow
    {
        public int X { get; set; }
    }

    [DltTable]
    public sealed record Page<T>(IReadOnlyList<T> Items);

    public sealed record Good(long Id, DateTimeOffset When);

    public sealed record Holder(long Id, Page<Good> Page, [property: DltColumn(DedupSort = "sideways")] string Name, BaseShape Shape);

    public abstract record BaseShape(string Kind);
}
