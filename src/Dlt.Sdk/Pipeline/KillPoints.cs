using System.Diagnostics;

namespace DltNet;

/// <summary>
/// Crash-test hook: when the environment variable <c>DLT_KILL_AT</c> names a point (optionally <c>name:N</c> for its N-th hit),
/// the process kills itself there with SIGKILL — no finally blocks, no flushing — so tests can prove that every step
/// recovers. Costs one static read when the variable is not set.
/// </summary>
internal static class KillPoints
{
    private static readonly string? Target;
    private static readonly int TargetHit = 1;
    private static int _hits;

    static KillPoints()
    {
        var spec = Environment.GetEnvironmentVariable("DLT_KILL_AT");
        if (string.IsNullOrEmpty(spec)) return;
        var colon = spec.LastIndexOf(':');
        if (colon > 0 && int.TryParse(spec[(colon + 1)..], out var n))
        {
            Target = spec[..colon];
            TargetHit = n;
        }
        else Target = spec;
    }

    /// <summary>Names every kill point, for tests that iterate them.</summary>
    public static readonly string[] All =
    [
        "extract.item", "extract.typed_files", "extract.before_schema_save", "extract.before_commit", "extract.after_commit",
        "normalize.begin", "normalize.typed_file", "normalize.after_files", "normalize.before_commit", "normalize.after_commit",
        "load.early_job", "load.begin", "load.after_migrate", "load.after_job", "load.before_merge", "load.merge_statement",
        "load.before_loads_row", "load.before_commit", "load.after_commit", "load.after_jobs_moved", "load.after_package_moved",
        "run.after_pending", "run.before_state_save",
    ];

    public static void Hit(string point)
    {
        if (Target is null || Target != point) return;
        if (Interlocked.Increment(ref _hits) < TargetHit) return;
        Console.Error.WriteLine($"DLT_KILL_AT: killing the process at {point}");
        Console.Error.Flush();
        Process.GetCurrentProcess().Kill();
        Thread.Sleep(Timeout.Infinite);
    }
}
