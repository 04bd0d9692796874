using System.Diagnostics;

namespace AotPipeline;

/// <summary>When the first row was produced, measured from the start of the process.</summary>
internal static class FirstRow
{
    private static int _marked;

    /// <summary>Time from process start to the first <see cref="Mark"/>; null before it.</summary>
    public static TimeSpan? Elapsed { get; private set; }

    /// <summary>Records the first call; later calls do nothing.</summary>
    public static void Mark()
    {
        if (Interlocked.Exchange(ref _marked, 1) == 1) return;
        using var process = Process.GetCurrentProcess();
        Elapsed = DateTime.Now - process.StartTime;
    }
}
