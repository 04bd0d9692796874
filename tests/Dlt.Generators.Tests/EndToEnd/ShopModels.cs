using DltNet.Attributes;
using DltNet.Schema;

namespace DltNet.Generators.Tests.EndToEnd;

/// <summary>A shop's state.</summary>
public enum ShopStatus
{
    /// <summary>Open.</summary>
    Open,
    /// <summary>Closed.</summary>
    Closed,
}

/// <summary>A nested shape with every kind of member: scalars of many types, nested records, a nullable nested record, lists of records,
/// lists of scalars, a list of lists, a json-typed member and a dynamic dictionary.</summary>
/// <remarks>
/// Member order is chosen so that the dynamic path creates columns in the same order: the json-typed <see cref="Settings"/> comes
/// first (the dynamic path gets it as a column hint, and hints create their columns first), and the dynamic <see cref="Extra"/> is the
/// first nested object (the normalizer flattens nested objects last-in first-out, so its columns come last, where the typed path
/// adds the columns it learns from data).
/// </remarks>
public sealed record Shop(
    [property: DltColumn(DataType = DltDataType.Json)] Settings Settings,
    long Id,
    string Name,
    ShopStatus Status,
    decimal Revenue,
    DateTimeOffset OpenedAt,
    DateOnly Founded,
    Guid Key,
    bool Active,
    double Rating,
    int Employees,
    Dictionary<string, object?> Extra,
    Owner Owner,
    Address? Branch,
    List<Product> Products,
    List<string> Tags,
    List<List<long>> Grid);

/// <summary>Owner of a shop.</summary>
public sealed record Owner(string Login, Address Home);

/// <summary>An address.</summary>
public sealed record Address(string City, Geo Geo);

/// <summary>Coordinates.</summary>
public sealed record Geo(double Lat, double Lon);

/// <summary>A product with a nested list.</summary>
public sealed record Product(string Sku, int Qty, List<Variant> Variants, string[] Labels);

/// <summary>A variant of a product.</summary>
public sealed record Variant(string Color, long Stock);

/// <summary>Settings kept as one json column.</summary>
public sealed record Settings(bool Dark, List<string> Flags);

/// <summary>Typed resources of the shop data set, with different nesting limits.</summary>
public static partial class ShopResources
{
    /// <summary>All levels.</summary>
    [DltResource("shops", WriteDisposition = WriteDispositionKind.Merge, PrimaryKey = new[] { nameof(Shop.Id) })]
    public static IEnumerable<Shop> Shops(IEnumerable<Shop> rows) => rows;

    /// <summary>One level of nesting.</summary>
    [DltResource("shops", MaxTableNesting = 1)]
    public static IEnumerable<Shop> ShopsOneLevel(IEnumerable<Shop> rows) => rows;

    /// <summary>No nesting: objects and lists are json.</summary>
    [DltResource("shops", MaxTableNesting = 0)]
    public static IEnumerable<Shop> ShopsFlat(IEnumerable<Shop> rows) => rows;
}
