using System.Globalization;

namespace DltNet.Storage;

/// <summary>Load ids: strictly increasing wall-clock seconds with microseconds (<c>"1712345678.123456"</c>), compared as strings like dlt.</summary>
internal static class LoadIds
{
    private static readonly Lock Gate = new();
    private static decimal _last;

    public static string New(string? greaterThan = null)
    {
        lock (Gate)
        {
            var now = (decimal)(DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerSecond;
            now = decimal.Round(now, 6);
            if (greaterThan is not null && decimal.TryParse(greaterThan, NumberStyles.Float, CultureInfo.InvariantCulture, out var prev) && prev > _last)
                _last = prev;
            if (now <= _last) now = _last + 0.000001m;
            _last = now;
            return now.ToString("0.000000", CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The instant a load id stands for (the package creation time).</summary>
    public static DateTimeOffset ToTimestamp(string loadId) =>
        decimal.TryParse(loadId, NumberStyles.Float, CultureInfo.InvariantCulture, out var secs)
            ? DateTimeOffset.UnixEpoch.AddTicks((long)(secs * TimeSpan.TicksPerSecond))
            : DateTimeOffset.UtcNow;
}
