using System.Runtime.CompilerServices;
using DltNet.Attributes;
using DltNet.Extract;
using DltNet.Schema;

namespace DltNet.Generators.Tests.EndToEnd;

/// <summary>A ticket of an issue tracker.</summary>
public sealed record Ticket(long Id, string Title, DateTimeOffset UpdatedAt, Person Reporter, List<TicketTag> Tags);

/// <summary>Who reported a ticket.</summary>
public sealed record Person(string Login, string? Email);

/// <summary>A tag.</summary>
public sealed record TicketTag(string Name, string? Color);

/// <summary>What the tracker "API" returns; records the cursors the resource received.</summary>
public sealed class TicketFeed
{
    /// <summary>Tickets returned by the API (the resource does not filter them: the incremental does).</summary>
    public List<Ticket> Tickets { get; set; } = [];
    /// <summary>Tags returned by the API.</summary>
    public List<TicketTag> Tags { get; set; } = [];
    /// <summary>The cursor and its start value at each call.</summary>
    public List<(Incremental<DateTimeOffset> Cursor, DateTimeOffset Start)> Calls { get; } = [];
}

/// <summary>A typed source with a merge resource, an incremental cursor, nested records and a replace resource.</summary>
[DltSource(Name = "tracker")]
public static partial class Tracker
{
    /// <summary>Tickets, merged on their id, loaded incrementally on their update time.</summary>
    [DltResource(WriteDisposition = WriteDispositionKind.Merge, PrimaryKey = new[] { nameof(Ticket.Id) })]
    public static async IAsyncEnumerable<Ticket> Tickets(TicketFeed feed,
        [DltIncremental(nameof(Ticket.UpdatedAt), InitialValue = "2024-01-01T00:00:00Z")] Incremental<DateTimeOffset> updatedAt,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        feed.Calls.Add((updatedAt, updatedAt.Start));
        foreach (var ticket in feed.Tickets)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return ticket;
        }
    }

    /// <summary>All tags, replaced on every run.</summary>
    [DltResource(WriteDisposition = WriteDispositionKind.Replace)]
    public static IEnumerable<TicketTag> Tags(TicketFeed feed) => feed.Tags;
}

/// <summary>Member names that exercise the snake_case rules.</summary>
public sealed record Tricky(
    long HTTPStatus,
    string userID,
    string ÄpfelCount,
    [property: DltColumn("  Spaced Name ")] string Spaced,
    [property: DltColumn("a__B")] string Path,
    string _leading,
    string Trailing_,
    int X2Y,
    string CamelCASEThing,
    [property: DltColumn("ümlaut-Key+1")] string Symbols);

/// <summary>Resources of <see cref="Tricky"/> rows.</summary>
public static partial class TrickyResources
{
    /// <summary>Tricky names.</summary>
    [DltResource("tricky")]
    public static IEnumerable<Tricky> Rows(IEnumerable<Tricky> rows) => rows;
}
