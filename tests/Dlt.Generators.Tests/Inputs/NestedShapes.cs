// Nested shapes: flattening order, child tables, lists of lists, nullability, nesting limits, json members, recursion.
using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using DltNet.Attributes;
using DltNet.Schema;

namespace Shapes
{
    public static partial class Resources
    {
        [DltResource]
        public static IEnumerable<Order> Orders() => Array.Empty<Order>();

        [DltResource(Name = "orders_flat", MaxTableNesting = 1)]
        public static IEnumerable<Order> OrdersOneLevel() => Array.Empty<Order>();

        [DltResource(TableName = "orders_json", MaxTableNesting = 0)]
        public static IEnumerable<Order> OrdersAsJson() => Array.Empty<Order>();

        [DltResource]
        public static IEnumerable<TreeNode> Tree() => Array.Empty<TreeNode>();

        [DltResource]
        public static IEnumerable<Point> Points() => Array.Empty<Point>();

        [DltResource]
        public static IEnumerable<Dictionary<string, object?>> Dynamic() => Array.Empty<Dictionary<string, object?>>();
    }

    public sealed record Order(
        long Id,
        Customer Customer,
        Address? ShippingAddress,
        List<LineItem> Items,
        string[] Tags,
        int[][] Matrix,
        Meta Meta,
        JsonElement Extra,
        [property: DltColumn(DataType = DltDataType.Json)] Meta RawMeta);

    public sealed record Customer(string Name, Address Address, List<string>? Emails);

    public sealed record Address(string City, string? Zip, Geo Geo);

    public sealed record Geo(double Lat, double Lon);

    public sealed record LineItem(string Sku, int Qty, decimal Price, List<Discount> Discounts, ImmutableArray<string> Notes);

    public sealed record Discount(string Code, double Percent);

    public sealed record Meta(string Source, List<long?> Scores, JsonNode? Node);

    /// <summary>A recursive type: the generated schema stops at the cycle; the converter still writes all levels.</summary>
    public sealed record TreeNode(string Name, List<TreeNode> Children, TreeNode? Parent);

    public struct Point
    {
        public int X;
        public int Y;
        public string? Label { get; set; }
    }
}
