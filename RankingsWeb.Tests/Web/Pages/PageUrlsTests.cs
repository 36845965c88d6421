using RankingsWeb.Components.Shared;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Tests.Web.Pages;

/// <summary>Every link a page renders comes from PageUrls; routes and API URLs are public contract.</summary>
public class PageUrlsTests
{
    [Fact]
    public void ApiFilter_NamesParametersFromTheTable()
    {
        Assert.Equal("app=a%2Fb&variant=free", PageUrls.Api.Filter(new Filters(App: "a/b", Variant: "free")));
        Assert.Equal("", PageUrls.Api.Filter(Filters.None));
    }

    [Fact]
    public void PageUrls_AreTheContractsRoutes()
    {
        Assert.Equal("/models/openai/gpt-5", PageUrls.Entity(Dimension.Models, "openai/gpt-5"));
        Assert.Equal("/authors/openai", PageUrls.Author("openai"));
        Assert.Equal("/apps/example.com/a%20b/%25", PageUrls.App("example.com/a b/%"));
        Assert.Equal("/categories/programming", PageUrls.Category("programming"));
        Assert.Equal("/providers/amazon-bedrock", PageUrls.Provider("amazon-bedrock"));
        Assert.Null(PageUrls.Entity(Dimension.Variants, "free"));
        Assert.Equal(["/models", "/authors", "/apps", "/categories", "/providers"],
            Dimensions.All.Where(d => d.HasPages).Select(d => PageUrls.Index(d.Dimension)));
        Assert.Null(PageUrls.Index(Dimension.Variants));
        Assert.Equal("/apps?period=month&q=a%20b", PageUrls.Index(Dimension.Apps, [new("period", "month"), new("from", null), new("q", "a b")]));
        Assert.Equal("example.com/a b/%", PageUrls.AppKeyFromRawPath(PageUrls.App("example.com/a b/%") + "?period=week"));
    }

    [Fact]
    public void ApiUrls_AreTheContractsRoutes()
    {
        Assert.Equal("/api/v1/rankings/categories?from=2026-11-01&to=2026-11-08&model=openai%2Fgpt-5&limit=10",
            PageUrls.Api.Rankings(Dimension.Categories, "from=2026-11-01&to=2026-11-08", PageUrls.Api.Filter(new Filters(Model: "openai/gpt-5")), "limit=10"));
        Assert.Equal("/api/v1/series/models?top=8", PageUrls.Api.Series(Dimension.Models, "", "top=8"));
        Assert.Equal("/api/v1/totals", PageUrls.Api.Totals());
        Assert.Equal("/api/v1/growth/origins?period=week&limit=5", PageUrls.Api.Growth(Dimension.Origins, "period=week", "limit=5"));
        Assert.Equal("/api/v1/rank-history/apps?key=a%2Fb&interval=week", PageUrls.Api.RankHistory(Dimension.Apps, "a/b", "interval=week"));
    }
}
