using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using DuckDB.NET.Data;

namespace DltNet.Aot.Tests;

/// <summary>
/// The publish and pack tests build whole projects (minutes on two cores); they run one after the other, never in parallel
/// with each other.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PublishCollection
{
    public const string Name = "publish";
}

/// <summary>A finished process: exit code and its interleaved output.</summary>
public sealed record ProcessResult(int ExitCode, string Output, TimeSpan Duration);

internal static class Repo
{
    /// <summary>The repository root (this file is tests/Dlt.Aot.Tests/Infrastructure.cs).</summary>
    public static string Root([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));

    /// <summary>A new empty folder under the system temp folder.</summary>
    public static string TempFolder(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), prefix + "-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Runs a process to its end (or kills it after <paramref name="timeout"/>) and captures its output.</summary>
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        // the test host's own MSBuild settings must not leak into the builds it starts
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "DOTNET_HOST_PATH_OVERRIDE" })
            start.Environment.Remove(name);
        if (environment is not null)
            foreach (var (k, v) in environment) start.Environment[k] = v;

        var output = new StringBuilder();
        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {timeout}:\n{output}");
        }
        process.WaitForExit();
        lock (output) return new ProcessResult(process.ExitCode, output.ToString(), stopwatch.Elapsed);
    }

    /// <summary>Runs <c>dotnet</c> with the arguments; build servers are not left running.</summary>
    public static ProcessResult Dotnet(string workingDirectory, TimeSpan timeout, params string[] arguments) =>
        Run("dotnet", arguments, workingDirectory, timeout);
}

/// <summary>Small queries on a DuckDB file, opened read-only.</summary>
internal sealed class DuckDbReader : IDisposable
{
    private readonly DuckDBConnection _connection;

    public DuckDbReader(string path)
    {
        _connection = new DuckDBConnection($"Data Source={path};ACCESS_MODE=READ_ONLY");
        _connection.Open();
    }

    public object? Scalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public long Count(string sql) => Convert.ToInt64(Scalar(sql), System.Globalization.CultureInfo.InvariantCulture);

    public List<object?[]> Rows(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Column name → DuckDB data type of a table.</summary>
    public Dictionary<string, string> Columns(string schema, string table) =>
        Rows($"SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = '{schema}' AND table_name = '{table}'")
            .ToDictionary(r => (string)r[0]!, r => (string)r[1]!);

    public void Dispose() => _connection.Dispose();
}
