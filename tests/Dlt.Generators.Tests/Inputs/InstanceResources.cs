// Instance resources, a struct container, scd2 options, default values, a passed-in cursor, dynamic rows, source-level hints.
using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using DltNet.Attributes;
using DltNet.Extract;
using DltNet.Schema;

namespace Instance.Resources
{
    public enum Region { Eu, Us }

    [DltSource(MaxTableNesting = 2, SchemaContract = "discard_value", RootKey = true)]
    public sealed partial class CrmSource
    {
        private readonly string _tenant;

        public CrmSource(string tenant) => _tenant = tenant;

        [DltResource("customers", WriteDisposition = WriteDispositionKind.Merge, MergeStrategy = MergeStrategy.Scd2,
            ValidFromColumn = "valid_from", ValidToColumn = "valid_to", RowVersionColumn = nameof(Customer.Hash),
            ActiveRecordTimestamp = "9999-12-31T00:00:00Z")]
        public IEnumerable<Customer> Customers(Region region = Region.Us, string prefix = "c-\"1\"", double ratio = 0.5, decimal limit = 10.25m, string? filter = null)
        {
            yield return new Customer(_tenant + prefix, region, "h", new Contact("a@b.c", null));
        }

        [DltResource(TableName = "crm_events", WriteDisposition = WriteDispositionKind.Merge, MergeStrategy = MergeStrategy.Upsert,
            PrimaryKey = new[] { nameof(Event.EventId) }, MergeKey = new[] { nameof(Event.Day) }, SchemaContract = "freeze",
            FileFormat = "jsonl", TableFormat = "native", Selected = false)]
        public async IAsyncEnumerable<Event> Events(Region region,
            [DltIncremental(nameof(Event.Sequence), InitialValue = "100", EndValue = "200", LastValueFunc = "max", PrimaryKey = new[] { nameof(Event.EventId) },
                Lag = 5, RowOrder = "asc", OnCursorValueMissing = "exclude")] Incremental<long> sequence,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Delay(0, cancellationToken);
            yield return new Event(Guid.Empty, DateOnly.MinValue, sequence.Start);
        }

        [DltResource]
        public static IEnumerable<Event> Replay(Incremental<long>? cursor, Region region = Region.Eu) => Array.Empty<Event>();

        [DltResource(MaxTableNesting = 0)]
        public static IAsyncEnumerable<IDictionary<string, object?>> RawPages(string path) => throw new NotSupportedException();

        [DltResource]
        public static IEnumerable<int> Numbers(int count) => new[] { count };
    }

    public partial struct Ticker
    {
        public string Symbol { get; set; }

        [DltResource]
        public IEnumerable<Quote> Quotes(DateOnly day)
        {
            yield return new Quote(Symbol, day, 1.5);
        }
    }

    public sealed record Customer(string Id, Region Region, string Hash, Contact Contact);

    public sealed record Contact(string Email, string? Phone);

    public sealed record Event(Guid EventId, DateOnly Day, long Sequence);

    public readonly record struct Quote(string Symbol, DateOnly Day, double Price);
}
