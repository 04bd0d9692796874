using System.Security.Cryptography;
using DltNet.Normalize;
using Xunit;

namespace DltNet.Tests;

/// <summary>Nested row ids are SHAKE128 digests (dlt's digest128): the managed Keccak must equal the platform's.</summary>
public sealed class RowIdTests
{
    [Fact]
    public void ManagedShake128EqualsThePlatformOne()
    {
        Assert.True(Shake128.IsSupported, "the platform has no SHAKE128 to compare with");
        var random = new Random(7);
        // empty, short, one byte under/at/over the 168-byte rate, and several blocks
        foreach (var length in new[] { 0, 1, 13, 40, 135, 136, 166, 167, 168, 169, 335, 336, 337, 1000 })
        {
            for (var k = 0; k < 20; k++)
            {
                var input = new byte[length];
                random.NextBytes(input);
                var expected = new byte[10];
                var actual = new byte[10];
                Shake128.HashData(input, expected);
                Shake128Managed.HashData(input, actual);
                Assert.Equal(expected, actual);
            }
        }
        var longOut = new byte[168];
        var longExpected = new byte[168];
        Shake128.HashData("abc"u8, longExpected);
        Shake128Managed.HashData("abc"u8, longOut);
        Assert.Equal(longExpected, longOut);
    }

    [Fact]
    public void ChildIdIsTheDigestOfParentTableAndPosition()
    {
        var expected = new byte[10];
        Shake128.HashData("AbCdEfGhIjKlMn_orders__lines_3"u8, expected);
        Assert.Equal(Convert.ToBase64String(expected)[..14], RowIds.Child("AbCdEfGhIjKlMn", "orders__lines", 3));
        Assert.Equal(RowIds.Digest("AbCdEfGhIjKlMn_orders__lines_3"), RowIds.Child("AbCdEfGhIjKlMn", "orders__lines", 3));
    }
}
