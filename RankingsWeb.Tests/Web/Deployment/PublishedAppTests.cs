using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Deployment;

/// <summary>
/// The app as an operator runs it, in Production: published with <c>dotnet publish -c Release</c> and started from
/// the published folder, and (the mistake a newcomer makes) started from a build without publishing. Either way
/// every stylesheet, script and icon a page references answers 200; the unpublished one says once how to deploy.
/// </summary>
public sealed partial class PublishedAppTests
{
    [SqliteFact]
    public async Task Published_Production_EveryAssetAPageReferencesAnswers200()
    {
        var dir = Directory.CreateTempSubdirectory("rankings-publish-");
        try
        {
            await PublishAsync(dir.FullName);
            Assert.False(File.Exists(Path.Combine(dir.FullName, "RankingsWeb.staticwebassets.runtime.json")), "a publish carries no build manifest");
            await using var node = NodeProcess.StartSqlite("published", dir.FullName, Path.Combine(dir.FullName, "rankings.db"));
            await node.WaitReadyAsync(TimeSpan.FromSeconds(90));
            await AssertPagesAndAssetsAsync(node);
            Assert.DoesNotContain("unpublished build", node.RecentLog);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [SqliteFact]
    public async Task Unpublished_Production_ServesAssets_AndSaysHowToDeploy()
    {
        var db = Path.Combine(Path.GetTempPath(), "rankings-tests", Guid.NewGuid().ToString("N") + ".db");
        Directory.CreateDirectory(Path.GetDirectoryName(db)!);
        await using var node = NodeProcess.StartSqlite("unpublished", AppContext.BaseDirectory, db);
        await node.WaitReadyAsync(TimeSpan.FromSeconds(90));
        await AssertPagesAndAssetsAsync(node);
        var warnings = node.RecentLog.Split('\n').Where(l => l.Contains("unpublished build")).ToList();
        var line = Assert.Single(warnings);
        Assert.Contains("dotnet publish", line);
        Assert.Contains("docs/deploy.md", line);
    }

    private static async Task AssertPagesAndAssetsAsync(NodeProcess node)
    {
        var now = DateTimeOffset.UtcNow.AddHours(-1);
        await node.Client.PostNdjsonAsync(TestRecord.Ndjson(
        [
            new("d1", now, "openai/gpt-5", 1_000, 100, AppUrl: "https://example.com/", Provider: "OpenAI"),
            new("d2", now, "anthropic/claude-sonnet-4", 2_000, 200, Category: "programming"),
        ]));
        await node.Client.WaitForPendingZeroAsync(2);

        var assets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var page in new[] { "/", "/models/openai/gpt-5", "/apps/example.com", "/categories/programming", "/models", "/account/login" })
        {
            using var response = await node.Client.GetAsync(page);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{page}: {(int)response.StatusCode}\n{node.RecentLog}");
            var html = await response.Content.ReadAsStringAsync();
            foreach (Match m in AssetReference().Matches(html)) assets.Add(m.Groups["url"].Value);
        }
        // Public pages link MudBlazor's stylesheet cut to their rules; interactive pages the package's own, a static web
        // asset of a package like MudBlazor's script (the kind an unpublished build failed to serve): fetch it as well.
        Assert.Contains(assets, a => a.Contains("mudblazor.public.min", StringComparison.Ordinal) && a.EndsWith(".css", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.Contains("MudBlazor.min", StringComparison.Ordinal) && a.EndsWith(".js", StringComparison.Ordinal));
        assets.Add("_content/MudBlazor/MudBlazor.min.css");
        Assert.Contains(assets, a => a.Contains("blazor.web", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.Contains("apexcharts", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            using var response = await node.Client.GetAsync(asset.StartsWith('/') ? asset : "/" + asset);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset}: {(int)response.StatusCode}");
            Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 0, $"{asset} is empty");
        }
    }

    private static async Task PublishAsync(string output)
    {
        var project = RepoPaths.File("RankingsWeb", "RankingsWeb.csproj");
        var psi = new ProcessStartInfo("dotnet", ["publish", project, "-c", "Release", "-o", output, "-nologo", "-v", "q"])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await process.WaitForExitAsync(cts.Token);
        Assert.True(process.ExitCode == 0, $"dotnet publish failed:\n{await stdout}\n{await stderr}");
    }


    /// <summary>Stylesheets, scripts (classic and modules) and icons the page links to on this server.</summary>
    [GeneratedRegex("""<(?:link|script)\b[^>]*?\b(?:href|src)="(?<url>(?!https?:|//|data:)[^"#?]+\.(?:css|js|svg|ico|png))["?]""")]
    private static partial Regex AssetReference();
}
