using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web;

/// <summary>A bad override catalog stops the app at start-up, naming the file and the reason, before it serves a page.</summary>
public class CatalogStartupTests
{
    [Fact]
    public async Task BadOverrideCatalog_StopsStartUp_WithThePathAndTheReason()
    {
        var path = Path.Combine(Path.GetTempPath(), "rankings-tests", Guid.NewGuid().ToString("N") + ".json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, """{ "authors": { "openai": { "origin": "USA" } } }""");
        await using var app = new RankingsAppFactory();
        app.Settings["Rankings:ModelCatalogPath"] = path;

        var e = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        var messages = string.Join(" | ", Chain(e).Select(x => x.Message));
        Assert.Contains(path, messages);
        Assert.Contains("origin \"USA\"", messages);
    }

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException) yield return x;
    }
}
