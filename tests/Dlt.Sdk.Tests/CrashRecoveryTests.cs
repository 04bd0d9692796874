using System.Diagnostics;
using System.Text;
using DuckDB.NET.Data;
using Xunit;

namespace DltNet.Tests;

/// <summary>
/// Kills a pipeline process (SIGKILL) at every kill point across extract, normalize and load, runs the interrupted step
/// again, finishes the scenario, and checks that the destination holds exactly what an uninterrupted run produces.
/// </summary>
public sealed class CrashRecoveryTests
{
    private static readonly string Harness = Path.Combine(AppContext.BaseDirectory, "Dlt.CrashHarness.dll");

    public static TheoryData<string> Points()
    {
        var data = new TheoryData<string>();
        foreach (var p in KillPoints.All) data.Add(p);
        // later hits of repeated points: mid-stream items, a later job, a later merge statement
        data.Add("extract.item:70");
        data.Add("load.after_job:3");
        data.Add("load.early_job:2");
        data.Add("load.merge_statement:4");
        return data;
    }

    private static readonly Lazy<string> Reference = new(() =>
    {
        var dir = NewDir();
        for (var step = 1; step <= 3; step++) Assert.Equal(0, RunHarness(dir, step, killAt: null).ExitCode);
        return Dump(Path.Combine(dir, "crash.duckdb"));
    });

    [Theory]
    [MemberData(nameof(Points))]
    public void KilledStepRecoversToExactlyTheUninterruptedResult(string killAt)
    {
        var dir = NewDir();
        try
        {
            Assert.Equal(0, RunHarness(dir, 1, null).ExitCode);
            var killed = RunHarness(dir, 2, killAt);
            Assert.True(killed.ExitCode != 0, $"the process was not killed at {killAt}: {killed.Output}");
            Assert.Contains($"killing the process at {killAt.Split(':')[0]}", killed.Output);
            var rerun = RunHarness(dir, 2, null);
            Assert.True(rerun.ExitCode == 0, rerun.Output);
            var last = RunHarness(dir, 3, null);
            Assert.True(last.ExitCode == 0, last.Output);
            Assert.Equal(Reference.Value, Dump(Path.Combine(dir, "crash.duckdb")));
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    private static string NewDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "dlt-crash", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static (int ExitCode, string Output) RunHarness(string dir, int step, string? killAt)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Harness);
        psi.ArgumentList.Add(Path.Combine(dir, "pipelines"));
        psi.ArgumentList.Add(Path.Combine(dir, "crash.duckdb"));
        psi.ArgumentList.Add(step.ToString(System.Globalization.CultureInfo.InvariantCulture));
        psi.Environment.Remove("DLT_KILL_AT");
        if (killAt is not null) psi.Environment["DLT_KILL_AT"] = killAt;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(true);
            throw new TimeoutException($"harness step {step} did not finish");
        }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>
    /// Every data table as sorted rows, without the random ids (children keyed by their parent's id instead). The number of
    /// loads is not compared: re-running an interrupted step is a new run that may add a load of merge/replace data.
    /// </summary>
    private static string Dump(string database)
    {
        using var conn = new DuckDBConnection($"Data Source={database};ACCESS_MODE=READ_ONLY");
        conn.Open();
        var sb = new StringBuilder();
        string[] queries =
        [
            "SELECT * EXCLUDE (_dlt_id, _dlt_load_id) FROM crash_data.events ORDER BY ALL",
            "SELECT c.* EXCLUDE (_dlt_id, _dlt_parent_id), p.id AS parent FROM crash_data.events__tags c JOIN crash_data.events p ON c._dlt_parent_id = p._dlt_id ORDER BY ALL",
            "SELECT * EXCLUDE (_dlt_id, _dlt_load_id) FROM crash_data.users ORDER BY ALL",
            "SELECT c.* EXCLUDE (_dlt_id, _dlt_parent_id, _dlt_root_id), p.id AS parent FROM crash_data.users__roles c JOIN crash_data.users p ON c._dlt_root_id = p._dlt_id ORDER BY ALL",
            "SELECT count(*) FROM crash_data.users__roles",
            "SELECT * EXCLUDE (_dlt_id, _dlt_load_id) FROM crash_data.snapshot ORDER BY ALL",
            // typed append rows copied while extract ran: exactly once, whatever was killed
            "SELECT * EXCLUDE (_dlt_id, _dlt_load_id) FROM crash_data.readings ORDER BY ALL",
            "SELECT count(DISTINCT _dlt_load_id) FROM crash_data.readings",
        ];
        foreach (var q in queries)
        {
            using var cmd = conn.CreateCommand();
            cmd.CommandText = q;
            using var r = cmd.ExecuteReader();
            sb.AppendLine(q);
            while (r.Read())
            {
                for (var i = 0; i < r.FieldCount; i++) sb.Append(r.IsDBNull(i) ? "null" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('|');
                sb.AppendLine();
            }
        }
        return sb.ToString();
    }
}
