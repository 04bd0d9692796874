using System.Runtime.CompilerServices;
using DltNet.Attributes;
using DltNet.Extract;
using DltNet.Schema;

namespace AotPipeline;

/// <summary>
/// A typed source of a small shop: the generator writes <c>Shop.Source(...)</c>, the resource factories, the table schemas and
/// reflection-free row converters, which is what lets this app run as a NativeAOT executable. The data is made up (and always
/// the same), so the sample needs no network.
/// </summary>
[DltSource("shop")]
public static partial class Shop
{
    /// <summary>The first order's time; order <c>n</c> is placed <c>n</c> hours later.</summary>
    public static readonly DateTimeOffset Opening = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] Cities = ["Lisbon", "Porto", "Braga", "Faro"];

    /// <summary>
    /// Orders, merged on their id and loaded incrementally on <c>placed_at</c>: a second run finds the cursor in the pipeline
    /// state and loads nothing new. Order <c>n</c> has <c>n % 3 + 1</c> lines (the <c>orders__lines</c> child table).
    /// </summary>
    [DltResource(WriteDisposition = WriteDispositionKind.Merge, PrimaryKey = new[] { nameof(Order.Id) })]
    public static IEnumerable<Order> Orders(int orderCount,
        [DltIncremental(nameof(Order.PlacedAt), InitialValue = "2024-01-01T00:00:00Z")] Incremental<DateTimeOffset> placedAt)
    {
        for (var n = 1; n <= orderCount; n++)
        {
            var lines = new List<OrderLine>();
            for (var j = 0; j <= n % 3; j++)
                lines.Add(new OrderLine($"SKU-{(n * 7 + j) % 20:D3}", j + 1, 2.50m * (j + 1)));
            var order = new Order(n, n % 50 + 1, Opening.AddHours(n), lines.Sum(l => l.Quantity * l.UnitPrice), n % 10 == 0 ? "cancelled" : "paid",
                new Address(Cities[n % Cities.Length], "PT"), lines);
            FirstRow.Mark();
            yield return order;
        }
    }

    /// <summary>Customers, replaced on every run; an async resource that observes the run's cancellation.</summary>
    [DltResource(WriteDisposition = WriteDispositionKind.Replace)]
    public static async IAsyncEnumerable<Customer> Customers(int customerCount, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var id = 1; id <= customerCount; id++)
        {
            if (id % 25 == 0) await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            FirstRow.Mark();
            yield return new Customer(id, $"Customer {id}", $"customer{id}@example.com", DateOnly.FromDateTime(Opening.UtcDateTime).AddDays(-id), id % 7 != 0,
                id % 5 == 0 ? "gold" : null);
        }
    }
}

/// <summary>An order (table <c>orders</c>; the address flattens into <c>ship_to__*</c> columns, the lines into <c>orders__lines</c>).</summary>
public sealed record Order(long Id, long CustomerId, DateTimeOffset PlacedAt, decimal Total, string Status, Address ShipTo, IReadOnlyList<OrderLine> Lines);

/// <summary>A line of an order.</summary>
public sealed record OrderLine(string Sku, int Quantity, decimal UnitPrice);

/// <summary>A shipping address.</summary>
public sealed record Address(string City, string Country);

/// <summary>A customer (table <c>customers</c>).</summary>
public sealed record Customer(long Id, string Name, string Email, DateOnly Since, bool Active, string? Tier);
