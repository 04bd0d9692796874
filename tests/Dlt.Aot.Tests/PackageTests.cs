using System.IO.Compression;
using System.Xml.Linq;

namespace DltNet.Aot.Tests;

/// <summary>
/// Packs Dlt.Sdk, then builds and runs a new console project that references it from a local folder feed (plus this
/// machine's usual NuGet sources, for DuckDB.NET and Parquet.Net): the generator and the analyzers must come with the
/// package, and the typed pipeline must load.
/// </summary>
[Collection(PublishCollection.Name)]
public sealed class PackageTests : IDisposable
{
    private readonly string _folder = Repo.TempFolder("dlt-pack");
    // a version no other run used, so the global packages folder never serves a stale copy
    private readonly string _version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture)
                                       + "." + Environment.ProcessId;

    [Fact]
    public void The_package_carries_runtime_generator_and_analyzers_and_a_typed_pipeline_builds_and_runs_with_it()
    {
        var root = Repo.Root();
        var feed = Path.Combine(_folder, "feed");
        var pack = Repo.Dotnet(root, TimeSpan.FromMinutes(10),
            "pack", Path.Combine(root, "src", "Dlt.Sdk", "Dlt.Sdk.csproj"), "-c", "Release", "-o", feed, $"-p:Version={_version}",
            "--artifacts-path", Path.Combine(_folder, "artifacts"), "--disable-build-servers", "-nologo");
        Assert.True(pack.ExitCode == 0, pack.Output);

        // ---- layout
        var nupkg = Path.Combine(feed, $"Dlt.Sdk.{_version}.nupkg");
        var snupkg = Path.Combine(feed, $"Dlt.Sdk.{_version}.snupkg");
        Assert.True(File.Exists(nupkg), pack.Output);
        Assert.True(File.Exists(snupkg), pack.Output);
        using (var package = ZipFile.OpenRead(nupkg))
        {
            var entries = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            foreach (var expected in new[]
                     {
                         "lib/net10.0/Dlt.Sdk.dll", "lib/net10.0/Dlt.Sdk.xml",
                         "analyzers/dotnet/cs/Dlt.Generators.dll", "analyzers/dotnet/cs/Dlt.Analyzers.dll", "analyzers/dotnet/cs/Dlt.Analyzers.CodeFixes.dll",
                         "build/Dlt.Sdk.targets", "buildTransitive/Dlt.Sdk.targets", "README.md", "LICENSE",
                     })
                Assert.Contains(expected, entries);
            // compile-time components are not runtime references
            Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && !e.StartsWith("lib/net10.0/Dlt.Sdk.", StringComparison.Ordinal));

            var nuspec = XDocument.Load(package.GetEntry("Dlt.Sdk.nuspec")!.Open());
            XNamespace ns = nuspec.Root!.Name.Namespace;
            var metadata = nuspec.Root.Element(ns + "metadata")!;
            Assert.Equal("MIT", metadata.Element(ns + "license")?.Value);
            Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
            var dependencies = metadata.Descendants(ns + "dependency").Select(d => d.Attribute("id")!.Value).ToList();
            Assert.Contains("DuckDB.NET.Data.Full", dependencies);
            Assert.DoesNotContain(dependencies, d => d.StartsWith("Dlt.", StringComparison.Ordinal) || d.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal));
        }
        using (var symbols = ZipFile.OpenRead(snupkg))
            Assert.Contains(symbols.Entries, e => e.FullName == "lib/net10.0/Dlt.Sdk.pdb");

        // ---- a fresh console project that uses the package
        var app = Path.Combine(_folder, "app");
        Directory.CreateDirectory(app);
        // the local feed in addition to the machine's configured sources (this file does not <clear/> them)
        File.WriteAllText(Path.Combine(app, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="dlt-local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(app, "ShopApp.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <RuntimeIdentifier>$(NETCoreSdkRuntimeIdentifier)</RuntimeIdentifier>
                <SelfContained>false</SelfContained>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Dlt.Sdk" Version="{_version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using DltNet;
            using DltNet.Attributes;
            using DltNet.Destinations.DuckDb;
            using DltNet.Schema;

            var database = Path.GetFullPath(args[0]);
            var pipeline = Dlt.Pipeline("package_shop", new DuckDbDestination(database), datasetName: "store", pipelinesDir: Path.GetFullPath(args[1]));
            // Catalog.Source(...) exists only if the generator from the package ran
            var info = pipeline.Run(Catalog.Source(30));
            Console.WriteLine(info);

            [DltSource("catalog")]
            public static partial class Catalog
            {
                [DltResource(WriteDisposition = WriteDispositionKind.Merge, PrimaryKey = new[] { nameof(Product.Sku) })]
                public static IEnumerable<Product> Products(int count)
                {
                    for (var i = 1; i <= count; i++)
                        yield return new Product($"P-{i:D3}", $"Product {i}", i * 1.25m, new Dimensions(i, i * 2), i % 2 == 0 ? ["even"] : ["odd", "prime?"]);
                }
            }

            public sealed record Product(string Sku, string Title, decimal Price, Dimensions Size, IReadOnlyList<string> Tags);
            public sealed record Dimensions(int Width, int Height);
            """);

        var build = Repo.Dotnet(app, TimeSpan.FromMinutes(10), "build", "-c", "Release", "--disable-build-servers", "-nologo");
        Assert.True(build.ExitCode == 0, build.Output);

        var work = Path.Combine(_folder, "run");
        Directory.CreateDirectory(work);
        var database = Path.Combine(work, "shop.duckdb");
        var dll = Directory.GetFiles(Path.Combine(app, "bin", "Release"), "ShopApp.dll", SearchOption.AllDirectories).Single();
        var run = Repo.Dotnet(work, TimeSpan.FromMinutes(2), dll, database, Path.Combine(work, "pipelines"));
        Assert.True(run.ExitCode == 0, run.Output);
        using (var db = new DuckDbReader(database))
        {
            Assert.Equal(30, db.Count("SELECT count(*) FROM store.products"));
            Assert.Equal(45, db.Count("SELECT count(*) FROM store.products__tags"));
            Assert.Equal(60, db.Count("SELECT size__height FROM store.products WHERE sku = 'P-030'"));
            Assert.StartsWith("DECIMAL", db.Columns("store", "products")["price"], StringComparison.Ordinal);
        }

        // the build targets come with the package: a NativeAOT publish would turn the reflection fallback off
        var switches = Repo.Dotnet(app, TimeSpan.FromMinutes(2), "msbuild", "-getItem:RuntimeHostConfigurationOption", "-p:PublishAot=true", "-nologo");
        Assert.True(switches.ExitCode == 0, switches.Output);
        Assert.Contains("DltNet.ReflectionFallback.IsSupported", switches.Output, StringComparison.Ordinal);

        // the analyzers come with the package: a key that names no member fails the build with DLT0001
        File.WriteAllText(Path.Combine(app, "Broken.cs"), """
            using DltNet.Attributes;
            using DltNet.Schema;

            public static partial class Broken
            {
                [DltResource(WriteDisposition = WriteDispositionKind.Merge, PrimaryKey = new[] { "Skew" })]
                public static IEnumerable<Product> Products() => [];
            }
            """);
        var broken = Repo.Dotnet(app, TimeSpan.FromMinutes(5), "build", "-c", "Release", "--disable-build-servers", "-nologo");
        Assert.NotEqual(0, broken.ExitCode);
        Assert.Contains("error DLT0001", broken.Output, StringComparison.Ordinal);
        Assert.Contains("'Skew'", broken.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless */ }
        // the test version was extracted into the global packages folder; do not let those pile up
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                       ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var extracted = Path.Combine(packages, "dlt.sdk", _version);
        try { if (Directory.Exists(extracted)) Directory.Delete(extracted, recursive: true); }
        catch (IOException) { /* harmless */ }
    }
}
