using System.Numerics;
using DltNet.Normalize;
using DltNet.Schema;
using Xunit;

namespace DltNet.Tests;

/// <summary>Type detection and the coercion table (spec 3.2, 3.3).</summary>
public sealed class CoercionTests
{
    [Theory]
    [InlineData("1975-05-21T22:00:00Z", true)]
    [InlineData("2022-06-01T00:48:35.040Z", true)]
    [InlineData("2021-07-24 10:51", true)]
    [InlineData("1975-05-21", false)]
    [InlineData("22:00:00", false)]
    [InlineData("", false)]
    [InlineData("1975-05-01T27:00:00Z", false)]
    [InlineData("1975-0521T22 00:00", false)]
    [InlineData("Wed, 29 Jun 2022 13:56:34 +0000", false)]
    public void IsoTimestampDetection(string value, bool isTimestamp) =>
        Assert.Equal(isTimestamp ? DltDataType.Timestamp : DltDataType.Text, TypeCoercion.InferType(value, ["iso_timestamp"]));

    [Fact]
    public void OffsetsAreConvertedToUtc()
    {
        Assert.True(TypeCoercion.TryParseIsoTimestamp("2022-05-10T00:17:15.300000+02:00", out var ts));
        Assert.Equal(new DateTimeOffset(2022, 5, 9, 22, 17, 15, 300, TimeSpan.Zero), ts);
    }

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(-1726.1288, "-1726.1288")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(123456789.125, "123456789.125")]
    public void FloatTextIsPythonRepr(double value, string expected) => Assert.Equal(expected, TypeCoercion.PythonFloatRepr(value));

    [Fact]
    public void CoercionTable()
    {
        Assert.True(TypeCoercion.TryCoerce(" -1726 ", DltDataType.Bigint, out var i)); Assert.Equal(-1726L, i);
        Assert.False(TypeCoercion.TryCoerce("912.12", DltDataType.Bigint, out _));
        Assert.True(TypeCoercion.TryCoerce(-762162.0, DltDataType.Bigint, out var integral)); Assert.Equal(-762162L, integral);
        Assert.False(TypeCoercion.TryCoerce(762162.1, DltDataType.Bigint, out _));
        Assert.False(TypeCoercion.TryCoerce(true, DltDataType.Bigint, out _));
        Assert.True(TypeCoercion.TryCoerce(5L, DltDataType.Bool, out var b)); Assert.Equal(true, b);
        Assert.True(TypeCoercion.TryCoerce("yes", DltDataType.Bool, out var yes)); Assert.Equal(true, yes);
        Assert.True(TypeCoercion.TryCoerce(true, DltDataType.Text, out var t)); Assert.Equal("True", t);
        Assert.True(TypeCoercion.TryCoerce("binary string"u8.ToArray(), DltDataType.Text, out var b64)); Assert.Equal("YmluYXJ5IHN0cmluZw==", b64);
        Assert.True(TypeCoercion.TryCoerce(" 1580405246 ", DltDataType.Timestamp, out var epoch));
        Assert.Equal(new DateTimeOffset(2020, 1, 30, 17, 27, 26, TimeSpan.Zero), epoch);
        Assert.True(TypeCoercion.TryCoerce("{\"a\":1}", DltDataType.Json, out var json)); Assert.Equal("{\"a\":1}", json);
        Assert.False(TypeCoercion.TryCoerce("hello", DltDataType.Json, out _));
        Assert.True(TypeCoercion.TryCoerce(1.5, DltDataType.Bool, out var truthy)); Assert.Equal(true, truthy);
        Assert.False(TypeCoercion.TryCoerce(true, DltDataType.Double, out _));
        Assert.True(TypeCoercion.TryCoerce(new BigInteger(12), DltDataType.Bigint, out var big)); Assert.Equal(12L, big);
        var nested = new DltObject { { "a", 1L } };
        Assert.True(TypeCoercion.TryCoerce(nested, DltDataType.Text, out var compact)); Assert.Equal("{\"a\":1}", compact);
    }

    [Fact]
    public void NaiveTimestampsAreUtcUnlessTimezoneIsOff()
    {
        var naive = new DateTime(2024, 1, 15, 10, 30, 0, DateTimeKind.Unspecified);
        Assert.True(TypeCoercion.TryCoerce(naive, DltDataType.Timestamp, out var aware));
        Assert.Equal(new DateTimeOffset(2024, 1, 15, 10, 30, 0, TimeSpan.Zero), aware);
        Assert.True(TypeCoercion.TryCoerce(new DateTimeOffset(2024, 1, 15, 12, 30, 0, TimeSpan.FromHours(2)), DltDataType.Timestamp, out var naiveOut, timezone: false));
        Assert.Equal(new DateTime(2024, 1, 15, 10, 30, 0), naiveOut);
    }

    [Fact]
    public void TypedJsonRoundTripsEveryScalar()
    {
        var item = new DltObject
        {
            { "d", 12.5m }, { "ts", new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero) }, { "date", new DateOnly(2024, 1, 2) },
            { "time", new TimeOnly(10, 30, 15) }, { "bytes", new byte[] { 1, 2, 3 } }, { "big", BigInteger.Parse("123456789012345678901234567890") },
            { "f", 3.0 }, { "i", 3L }, { "s", "x" }, { "n", null }, { "list", new List<object?> { 1L, "a" } },
        };
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new System.Text.Json.Utf8JsonWriter(buffer)) TypedJson.Write(w, item);
        var r = new System.Text.Json.Utf8JsonReader(buffer.WrittenSpan);
        r.Read();
        var back = Assert.IsType<DltObject>(TypedJson.Read(ref r));
        Assert.Equal(item.Count, back.Count);
        Assert.Equal(12.5m, back[0].Value);
        Assert.Equal(item[1].Value, back[1].Value);
        Assert.Equal(item[2].Value, back[2].Value);
        Assert.Equal(item[3].Value, back[3].Value);
        Assert.Equal((byte[])item[4].Value!, (byte[])back[4].Value!);
        Assert.Equal(item[5].Value, back[5].Value);
        Assert.IsType<double>(back[6].Value);
        Assert.IsType<long>(back[7].Value);
    }
}
