using System.Text.RegularExpressions;
using RankingsWeb.Auth;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Pages;

/// <summary>
/// Static public pages link MudBlazor's stylesheet cut down to their rules (scripts/trim-mudblazor-css.sh), interactive
/// pages the whole one. The cut must keep every rule a public page can use: for each page below (with data, empty,
/// refused, not found), every rule of the whole stylesheet whose classes all appear on the page must be in the cut
/// one. A public page that starts using another MudBlazor component fails here until the script is run again.
/// </summary>
public partial class PublicStylesheetTests(IndexPagesTests.LoadedApp app) : IClassFixture<IndexPagesTests.LoadedApp>
{
    private const string Whole = "_content/MudBlazor/MudBlazor", Cut = "css/mudblazor.public";

    public static TheoryData<string> PublicPages() =>
    [
        "/", "/?period=day", "/?period=year&counts=openrouter", "/?from=2020-01-01&until=2019-01-01",
        "/models", "/authors", "/apps", "/categories", "/providers", "/models?q=zzzz-nothing",
        $"/models/google/gemini-2.5-pro?{IndexPagesTests.LoadedApp.Window}", "/models/google/gemini-2.5-pro?period=year",
        "/authors/google", "/apps/cline.bot", "/categories/seo", "/providers/deepinfra", "/models/nobody/nothing",
        "/models/google/gemini-2.5-pro?period=day&as_of=2001-01-01",
        "/growth", "/growth?by=apps&period=year", "/growth?period=day&as_of=2001-01-01",
        "/account/login", "/account/denied", "/api", "/no-such-page",
    ];

    [Theory]
    [MemberData(nameof(PublicPages))]
    public async Task PublicPage_LinksTheCutStylesheet_WhichHoldsEveryRuleItUses(string path)
    {
        using var client = app.CreateClient();
        using var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        var href = Assert.Single(StylesheetLinks(html), h => h.Contains("mudblazor", StringComparison.OrdinalIgnoreCase));
        Assert.StartsWith(Cut, href);

        var whole = await client.GetStringAsync(Whole + ".min.css"); // not linked from public pages, still served
        var cut = ClassesIn(await client.GetStringAsync(href));
        var used = Classes().Matches(html).SelectMany(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet();
        var missing = RulesUsedBy(whole, used).Where(c => !cut.Contains(c)).Order().ToList();
        Assert.True(missing.Count == 0, $"{path} uses MudBlazor rules the cut stylesheet lacks (run scripts/trim-mudblazor-css.sh): {string.Join(", ", missing)}");
        Assert.Contains(used, c => c.StartsWith("mud-", StringComparison.Ordinal)); // the check above had something to check
    }

    [Fact]
    public async Task InteractivePage_LinksTheWholeStylesheet()
    {
        await using var interactive = new RankingsAppFactory(); // in memory: the cookie client of a Kestrel-hosted factory has no port
        await interactive.CreateUserAsync("css-analyst@example.test", "Css-analyst-123!", Roles.Analyst);
        using var client = await interactive.SignedInAsync("css-analyst@example.test", "Css-analyst-123!");
        var html = await client.GetStringAsync("/analytics");
        Assert.StartsWith(Whole, Assert.Single(StylesheetLinks(html), h => h.Contains("mudblazor", StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>The classes of every rule of <paramref name="css"/> whose selector's classes are all in <paramref name="used"/>.</summary>
    private static HashSet<string> RulesUsedBy(string css, HashSet<string> used)
    {
        var needed = new HashSet<string>(StringComparer.Ordinal);
        // Minified CSS: a rule's selector is what stands between the last "{" or "}" before a "{" and that "{"
        // (inside @media the at-rule's own prelude is the chunk before it).
        foreach (Match rule in Selectors().Matches(css))
        {
            foreach (var selector in rule.Groups[1].Value.Split(','))
            {
                var classes = ClassNames().Matches(selector).Select(m => m.Groups[1].Value).ToList();
                if (classes.Count > 0 && classes.All(used.Contains)) needed.UnionWith(classes);
            }
        }
        return needed;
    }

    private static HashSet<string> ClassesIn(string css) => ClassNames().Matches(css).Select(m => m.Groups[1].Value).ToHashSet();

    private static IEnumerable<string> StylesheetLinks(string html) =>
        StylesheetLink().Matches(html).Select(m => m.Groups[1].Value.TrimStart('/'));

    [GeneratedRegex("<link rel=\"stylesheet\" href=\"([^\"]+)\"")]
    private static partial Regex StylesheetLink();

    [GeneratedRegex("class=\"([^\"]*)\"")]
    private static partial Regex Classes();

    [GeneratedRegex(@"(?:^|[{}])([^{}@][^{}]*)\{")]
    private static partial Regex Selectors();

    [GeneratedRegex(@"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")]
    private static partial Regex ClassNames();
}
