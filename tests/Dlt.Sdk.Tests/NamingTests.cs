using DltNet.Schema;
using Xunit;

namespace DltNet.Tests;

/// <summary>snake_case examples taken from dlt's own tests (spec 1.3) and the shortening examples (spec 1.2).</summary>
public sealed class NamingTests
{
    [Theory]
    [InlineData("event_value", "event_value")]
    [InlineData("event value", "event_value")]
    [InlineData("event-.!:*<>value", "event_x_value")]
    [InlineData("1event_n'", "_1event_nx")]
    [InlineData("123event_n'", "_123event_nx")]
    [InlineData("123BaNaNa", "_123_ba_na_na")]
    [InlineData("BANANA", "banana")]
    [InlineData("BAN_ANA", "ban_ana")]
    [InlineData("BANaNA", "ba_na_na")]
    [InlineData("Small Love Potion", "small_love_potion")]
    [InlineData(" Small Love Potion ", "small_love_potion")]
    [InlineData("BANANA_", "bananax")]
    [InlineData("BANANA____", "bananaxxxx")]
    [InlineData("+-!$*@#=|:", "x_xa_lx")]
    [InlineData("+1", "x1")]
    [InlineData("-1", "_1")]
    [InlineData("+-*@|", "x_xal")]
    [InlineData("event__value_value2____", "event_value_value2xxxx")]
    [InlineData("f-1", "f_1")]
    [InlineData("f*6", "fx6")]
    [InlineData("c v", "c_v")]
    [InlineData("channelSURFING", "channel_surfing")]
    [InlineData("LIST+ident:1", "lis_txident_1")]
    [InlineData("createdAt", "created_at")]
    [InlineData("UserID", "user_id")]
    [InlineData("HTTPResponseCode", "http_response_code")]
    [InlineData("getHTTPResponse", "get_http_response")]
    [InlineData("iPhone", "i_phone")]
    [InlineData("ABCDef", "abc_def")]
    [InlineData("Value1Value2", "value1_value2")]
    [InlineData("user@example.com", "useraexample_com")]
    [InlineData("col|pipe", "collpipe")]
    [InlineData("ÄÖÜ", "x")]
    [InlineData("price€", "pricex")]
    [InlineData("中文", "x")]
    [InlineData("__private", "_private")]
    [InlineData("_dlt_id", "_dlt_id")]
    public void Identifier(string input, string expected) =>
        Assert.Equal(expected, NamingConvention.SnakeCase.NormalizeIdentifier(input));

    [Theory]
    [InlineData("small__love__potion", "small__love__potion")]
    [InlineData("Small_Love_Potion", "small_love_potion")]
    [InlineData("Small__Love__Potion", "small__love__potion")]
    [InlineData("Small  Love  Potion", "small_love_potion")]
    [InlineData("Small___Love____Potion_____x", "small___love__potion___x")]
    [InlineData("e_vent__value_value2___", "e_vent__value_value2__x")]
    [InlineData("small___love__potion___x", "small___love__potion___x")]
    [InlineData("__private", "private")]
    [InlineData("x__1y", "x___1y")]
    [InlineData("trailing__", "trailing")]
    public void Path(string input, string expected) =>
        Assert.Equal(expected, NamingConvention.SnakeCase.NormalizePath(input));

    [Fact]
    public void BreakAndMakePath()
    {
        Assert.Equal(["_a", "_b", "C", "_D"], NamingConvention.BreakPath("_a___b__C___D"));
        Assert.Equal(["_a", "_b"], NamingConvention.BreakPath("_a_____b"));
        Assert.Equal(["_a", "b"], NamingConvention.BreakPath("_a____b"));
        Assert.Equal(["_a", "b"], NamingConvention.BreakPath("_a__  \t\r__b"));
        Assert.Equal("_A___B", NamingConvention.MakePath("_A", "", "_B"));
        Assert.Equal("A__B", NamingConvention.MakePath("A", "B"));
    }

    [Theory]
    [InlineData("3f17271231504b8cf65690bcdc379df8a3b8aabe12efe1ea82848ec5f497cb69", "gds0iw")]
    [InlineData("58e5c351b53ffe1233e0656a532a721ae1d2ac7af71b6cfec8ceb64c63b10721", "uyboiq")]
    public void Tag(string input, string expected) => Assert.Equal(expected, NamingConvention.ComputeTag(input));

    [Fact]
    public void Shortening()
    {
        Assert.Equal("she plauanpualo well", NamingConvention.ShortenIdentifier("she played cello well", "she played cello well", 20));
        var naming16 = new NamingConvention(16);
        Assert.Equal("longxyfdsfgng_16", naming16.NormalizeIdentifier("long+long:SO+LONG:_>16"));
        Assert.Equal("s__lixkcjoqent_3", naming16.ShortenFragments("s", "lis_txident_1", "lis_txident_2", "lis_txident_3"));
    }

    [Fact]
    public void EmptyNameIsRejectedWithItsValue()
    {
        var e = Assert.Throws<ArgumentException>(() => NamingConvention.SnakeCase.NormalizeIdentifier("   "));
        Assert.Contains("empty", e.Message);
    }
}
