using System.Text.RegularExpressions;

namespace DltNet.Aot.Tests;

/// <summary>
/// Publishes samples/AotPipeline with NativeAOT once (trim and AOT warnings are errors; the only warnings allowed are the
/// one-per-assembly summaries of the third-party assemblies the sample collapses), then runs the executable and reads the
/// DuckDB file it wrote. Before publishing it runs scripts/aot-prereqs.sh, which installs clang when no C toolchain is there.
/// </summary>
public sealed class AotPublishFixture : IDisposable
{
    public AotPublishFixture()
    {
        Folder = Repo.TempFolder("dlt-aot");
        var root = Repo.Root();
        var prerequisites = Repo.Run("bash", [Path.Combine(root, "scripts", "aot-prereqs.sh")], root, TimeSpan.FromMinutes(10));
        Prerequisites = prerequisites.Output;
        if (prerequisites.ExitCode != 0) throw new InvalidOperationException("NativeAOT prerequisites are missing:\n" + prerequisites.Output);

        PublishFolder = Path.Combine(Folder, "publish");
        Publish = Repo.Dotnet(root, TimeSpan.FromMinutes(15),
            "publish", Path.Combine(root, "samples", "AotPipeline", "AotPipeline.csproj"),
            "-c", "Release", "-p:DltPublishAot=true",
            "--artifacts-path", Path.Combine(Folder, "artifacts"), "-o", PublishFolder,
            "--disable-build-servers", "-nologo");
    }

    public string Folder { get; }
    public string PublishFolder { get; }
    public string Prerequisites { get; }
    public ProcessResult Publish { get; }
    public string Executable => Path.Combine(PublishFolder, "AotPipeline");

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless */ }
    }
}

[Collection(PublishCollection.Name)]
public sealed class AotPipelineTests(AotPublishFixture fixture) : IClassFixture<AotPublishFixture>
{
    private static readonly Regex IlDiagnostic = new(@"(?<file>[^\s:][^:]*?)\s*(\(\d+\))?\s*:\s*(Trim analysis |AOT analysis )?(?<kind>warning|error) (?<code>IL\d{4}):(?<text>.*)$",
        RegexOptions.Multiline);

    /// <summary>The one summary warning per assembly (IL2104 trim, IL3053 AOT) that the sample allows for these third-party assemblies.</summary>
    private static readonly string[] CollapsedThirdParty = ["DuckDB.NET.Data", "Parquet"];

    private void AssertPublished() =>
        Assert.True(fixture.Publish.ExitCode == 0, $"dotnet publish failed ({fixture.Publish.ExitCode}):\n{fixture.Publish.Output}");

    [Fact]
    public void Publish_reports_no_trim_or_aot_warning_of_its_own()
    {
        AssertPublished();
        var diagnostics = IlDiagnostic.Matches(fixture.Publish.Output).Select(m => (Code: m.Groups["code"].Value, Text: m.Value.Trim())).Distinct().ToList();
        var unexpected = diagnostics
            .Where(d => !(d.Code is "IL2104" or "IL3053" && CollapsedThirdParty.Any(a => d.Text.Contains($"Assembly '{a}' produced", StringComparison.Ordinal))))
            .ToList();
        Assert.True(unexpected.Count == 0, "unexpected trim/AOT diagnostics:\n" + string.Join("\n", unexpected.Select(d => d.Text)));
        // the feature switch removed the reflection fallback: no IL2026 from ItemConverter
        Assert.DoesNotContain("ReflectionFallback", fixture.Publish.Output, StringComparison.Ordinal);
        // and the collapsing did happen (so this test would notice when the list of third-party assemblies goes stale)
        Assert.Contains(diagnostics, d => d.Code == "IL2104");
    }

    [Fact]
    public void Publish_produces_one_native_executable_and_the_native_duckdb_library()
    {
        AssertPublished();
        var files = Directory.GetFiles(fixture.PublishFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Contains("AotPipeline", files);
        Assert.Contains("libduckdb.so", files);
        Assert.DoesNotContain(files, f => f!.EndsWith(".dll", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal));
        var header = new byte[4];
        using (var stream = File.OpenRead(fixture.Executable)) stream.ReadExactly(header);
        Assert.Equal(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F' }, header);
    }

    [Fact]
    public void The_executable_loads_the_typed_source_into_duckdb_and_a_second_run_is_incremental()
    {
        AssertPublished();
        var work = Path.Combine(fixture.Folder, "run-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        var database = Path.Combine(work, "shop.duckdb");
        var pipelines = Path.Combine(work, "pipelines");

        var first = Repo.Run(fixture.Executable, [database, pipelines, "200", "50"], work, TimeSpan.FromMinutes(2));
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains("aot: True", first.Output, StringComparison.Ordinal);
        Assert.Contains("is LOADED and contains no failed jobs", first.Output, StringComparison.Ordinal);
        var second = Repo.Run(fixture.Executable, [database, pipelines, "200", "50"], work, TimeSpan.FromMinutes(2));
        Assert.True(second.ExitCode == 0, second.Output);

        using var db = new DuckDbReader(database);
        // orders: order n has n % 3 + 1 lines; line j (0-based) has quantity j + 1 at 2.50 * (j + 1)
        long expectedLines = 0;
        decimal expectedTotal = 0;
        for (var n = 1; n <= 200; n++)
            for (var j = 0; j <= n % 3; j++) { expectedLines++; expectedTotal += (j + 1) * 2.50m * (j + 1); }

        // merge on id + incremental cursor: the second run adds nothing
        Assert.Equal(200, db.Count("SELECT count(*) FROM shop_data.orders"));
        Assert.Equal(200, db.Count("SELECT count(DISTINCT id) FROM shop_data.orders"));
        Assert.Equal(expectedTotal, Convert.ToDecimal(db.Scalar("SELECT sum(total) FROM shop_data.orders"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expectedLines, db.Count("SELECT count(*) FROM shop_data.orders__lines"));
        Assert.Equal(expectedLines, db.Count(
            "SELECT count(*) FROM shop_data.orders__lines l JOIN shop_data.orders o ON l._dlt_parent_id = o._dlt_id"));
        Assert.Equal(20, db.Count("SELECT count(*) FROM shop_data.orders WHERE status = 'cancelled'"));
        Assert.Equal("Porto", db.Scalar("SELECT ship_to__city FROM shop_data.orders WHERE id = 1"));
        Assert.Equal(new DateTimeOffset(2024, 1, 9, 8, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(),
            db.Count("SELECT CAST(epoch(max(placed_at)) AS BIGINT) FROM shop_data.orders"));

        // replace: customers hold one load's rows
        Assert.Equal(50, db.Count("SELECT count(*) FROM shop_data.customers"));
        Assert.Equal(10, db.Count("SELECT count(*) FROM shop_data.customers WHERE tier = 'gold'"));

        // the generated schema's types, not types inferred from values
        var orders = db.Columns("shop_data", "orders");
        Assert.Equal("BIGINT", orders["id"]);
        Assert.Equal("TIMESTAMP WITH TIME ZONE", orders["placed_at"]);
        Assert.StartsWith("DECIMAL", orders["total"], StringComparison.Ordinal);
        Assert.Equal("VARCHAR", orders["ship_to__country"]);
        var customers = db.Columns("shop_data", "customers");
        Assert.Equal("DATE", customers["since"]);
        Assert.Equal("BOOLEAN", customers["active"]);

        // two loads, both completed
        Assert.Equal(2, db.Count("SELECT count(*) FROM shop_data._dlt_loads WHERE status = 0"));
    }
}
