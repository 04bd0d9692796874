using System.Globalization;
using System.Text.RegularExpressions;
using DltNet.Schema;
using Xunit;

namespace DltNet.Tests;

/// <summary>
/// The in-place ISO timestamp parser against the regex it replaced (dlt's grammar): same verdict and same instant for
/// curated edge cases and for thousands of generated strings.
/// </summary>
public sealed partial class IsoTimestampParserTests
{
    [GeneratedRegex(@"^(?<y>\d{4})-?(?<mo>\d{2})-?(?<d>\d{2})[Tt ](?<h>\d{2}):?(?<mi>\d{2})(?::?(?<s>\d{2})(?:[.,](?<f>\d{1,9}))?)?(?<tz>Z|z|[+-]\d{2}(?::?\d{2})?)?$")]
    private static partial Regex Reference();

    private static bool ReferenceParse(string s, out DateTimeOffset result)
    {
        result = default;
        if (s.Length < 12 || s.Length > 40) return false;
        var m = Reference().Match(s);
        if (!m.Success) return false;
        try
        {
            var inv = CultureInfo.InvariantCulture;
            int year = int.Parse(m.Groups["y"].Value, inv), month = int.Parse(m.Groups["mo"].Value, inv), day = int.Parse(m.Groups["d"].Value, inv);
            int hour = int.Parse(m.Groups["h"].Value, inv), minute = int.Parse(m.Groups["mi"].Value, inv);
            var second = m.Groups["s"].Success ? int.Parse(m.Groups["s"].Value, inv) : 0;
            if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 24 || minute > 59 || second > 59) return false;
            var offset = TimeSpan.Zero;
            var tz = m.Groups["tz"].Value;
            if (m.Groups["tz"].Success && tz != "Z" && tz != "z")
            {
                var body = tz[1..].Replace(":", "");
                offset = (tz[0] == '-' ? -1 : 1) * new TimeSpan(int.Parse(body[..2], inv), body.Length >= 4 ? int.Parse(body[2..4], inv) : 0, 0);
            }
            if (offset.Duration() > TimeSpan.FromHours(14)) return false;
            var dt = hour == 24
                ? (minute == 0 && second == 0 ? new DateTime(year, month, day).AddDays(1) : throw new FormatException())
                : new DateTime(year, month, day, hour, minute, second);
            if (m.Groups["f"].Success)
            {
                var f = m.Groups["f"].Value;
                dt = dt.AddTicks(long.Parse(f.Length > 7 ? f[..7] : f.PadRight(7, '0'), inv));
            }
            result = new DateTimeOffset(dt, offset).ToUniversalTime();
            return true;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            return false;
        }
    }

    [Theory]
    [InlineData("2022-06-01T00:48:35.040Z")]
    [InlineData("2021-07-24 10:51")]
    [InlineData("20210724T1051")]
    [InlineData("2021-07-24t10:51:07,123456789+02:00")]
    [InlineData("2021-07-24T10:51:07.1234567891Z")]
    [InlineData("2021-07-24T24:00:00Z")]
    [InlineData("2021-07-24T24:00:01Z")]
    [InlineData("2021-02-29T10:00:00Z")]
    [InlineData("2020-02-29T10:00:00-1400")]
    [InlineData("2020-02-29T10:00:00-1401")]
    [InlineData("2020-02-29T10:00:00+05")]
    [InlineData("2020-02-29T10:00:00+05:")]
    [InlineData("2020-02-29T10:00:00+5")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59-01:00")]
    [InlineData("2021-07-24T10:51:07.Z")]
    [InlineData("2021-07-24T10:51\n")]
    [InlineData("2021-07-24T10:51:07\n\n")]
    [InlineData("2021-07-24T10:5")]
    [InlineData("2021-07-24T10:51:0")]
    [InlineData("2021-07-24 10:51 ")]
    [InlineData("2021-0724T10:51")]
    [InlineData("Wed, 29 Jun 2022 13:56:34 +0000")]
    [InlineData("2021-07-24T10:51:07.123+02:30")]
    public void CuratedCasesMatchTheRegex(string s) => AssertSame(s);

    [Fact]
    public void GeneratedStringsMatchTheRegex()
    {
        var random = new Random(20261125);
        string[] parts = ["", "0", "1", "2", "9", "24", "60", "59", "-", ":", ".", ",", "T", "t", " ", "Z", "z", "+", "02", "00", "123", "1234567890", "\n", "x"];
        for (var i = 0; i < 20_000; i++)
        {
            var year = random.Next(0, 10_000).ToString("D4", CultureInfo.InvariantCulture);
            var s = year + Pick() + random.Next(0, 14).ToString("D2", CultureInfo.InvariantCulture) + Pick() + random.Next(0, 32).ToString("D2", CultureInfo.InvariantCulture)
                    + Pick() + random.Next(0, 26).ToString("D2", CultureInfo.InvariantCulture) + Pick() + random.Next(0, 61).ToString("D2", CultureInfo.InvariantCulture)
                    + Pick() + Pick() + Pick() + Pick();
            AssertSame(s);
        }

        string Pick() => parts[random.Next(parts.Length)];
    }

    private static void AssertSame(string s)
    {
        var expected = ReferenceParse(s, out var expectedValue);
        var actual = TypeCoercion.TryParseIsoTimestamp(s, out var actualValue);
        Assert.True(expected == actual, $"`{s.Replace("\n", "\\n")}`: regex says {expected}, parser says {actual}");
        if (expected) Assert.Equal(expectedValue, actualValue);
    }
}
