using RankingsWeb.Data.Apps;
using RankingsWeb.Data.Queries;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Data.Queries;

/// <summary>The unlisted and alias rule itself: what each reader sees, and who gets which scope.</summary>
public class ReadScopeTests
{
    // "secret.example" is unlisted and "secret-old" is its approved alias; "alias-row" is an alias whose own row says unlisted.
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["secret-old"] = "secret.example",
        ["alias-row"] = "open.example",
    };

    private static readonly string[] Unlisted = ["secret.example", "alias-row"];

    [Fact]
    public void Public_HidesUnlistedApp_AndItsAliases_ButNotListedOnes()
    {
        var scope = new ReadScope(ReadAudience.Public, Unlisted, Aliases);
        Assert.True(scope.Hides("secret.example"));
        Assert.True(scope.Hides("secret-old"));
        Assert.False(scope.Hides("open.example"));
        Assert.False(scope.Hides("never.example"));
        Assert.Null(scope.Revealed);
    }

    [Fact]
    public void AliasOwnListing_NeverDecides_ItsAppsDoes()
    {
        var scope = new ReadScope(ReadAudience.Public, Unlisted, Aliases);
        Assert.False(scope.IsUnlisted("alias-row"));
        Assert.False(scope.Hides("alias-row"));
        Assert.Equal("open.example", scope.Canonical("alias-row"));
        Assert.Equal("never.example", scope.Canonical("never.example"));
    }

    [Fact]
    public void Public_HiddenAppFilter_IsBoundToAValueNoKeyHolds()
    {
        var scope = new ReadScope(ReadAudience.Public, Unlisted, Aliases);
        Assert.Equal(ReadScope.MatchesNoApp, scope.AppFilterValue("secret.example"));
        Assert.Equal(ReadScope.MatchesNoApp, scope.AppFilterValue("secret-old"));
        Assert.Equal("open.example", scope.AppFilterValue("alias-row"));
        Assert.Equal("never.example", scope.AppFilterValue("never.example"));
        Assert.Contains(ReadScope.MatchesNoApp, c => char.IsControl(c));
    }

    [Fact]
    public void Revealing_ShowsOnlyTheRevealedApp_StillMarkedUnlisted()
    {
        Dictionary<string, string> aliases = new(Aliases) { ["other-old"] = "other.example" };
        var scope = new ReadScope(ReadAudience.Revealing, ["secret.example", "other.example"], aliases, revealed: "secret-old");
        Assert.Equal("secret.example", scope.Revealed);
        Assert.False(scope.Hides("secret.example"));
        Assert.False(scope.Hides("secret-old"));
        Assert.True(scope.IsUnlisted("secret.example"));
        Assert.True(scope.Hides("other.example"));
        Assert.True(scope.Hides("other-old"));
        Assert.Equal("secret.example", scope.AppFilterValue("secret-old"));
    }

    [Fact]
    public void Lists_DropsHiddenAppsAndKeylessRows_Only()
    {
        var scope = new ReadScope(ReadAudience.Public, Unlisted, Aliases);
        Assert.False(scope.Lists(Dimension.Apps, "secret.example"));
        Assert.False(scope.Lists(Dimension.Apps, ""));
        Assert.True(scope.Lists(Dimension.Apps, "open.example"));
        Assert.False(scope.Lists(Dimension.Providers, ""));
        Assert.True(scope.Lists(Dimension.Providers, "openai"));
        // Keys of other dimensions are never app keys, whatever they spell.
        Assert.True(scope.Lists(Dimension.Categories, "secret.example"));
        Assert.True(scope.Lists(Dimension.Models, ""));
    }

    [Fact]
    public void RevealedApp_OnlyWithTheRevealingAudience()
    {
        Assert.Throws<ArgumentException>(() => new ReadScope(ReadAudience.Public, Unlisted, Aliases, revealed: "secret.example"));
        Assert.Throws<ArgumentException>(() => new ReadScope(ReadAudience.Analysts, Unlisted, Aliases, revealed: "secret.example"));
        Assert.Throws<ArgumentException>(() => new ReadScope(ReadAudience.Revealing, Unlisted, Aliases));
    }

    [Fact]
    public async Task ForApp_RevealsToOwnerAndAnalyst_NotToOthers()
    {
        await using var db = await TestDatabase.CreateAsync();
        var at = new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
        await db.IngestAsync([new("s1", at, "openai/gpt-5", 10, 1, AppUrl: "https://secret.example/")]);
        await db.FoldPendingAsync();
        await db.Get<AppListing>().SetListedAsync("secret.example", false, "test", "test");
        await db.Get<AppOwners>().AssignAsync("secret.example", "owner", "owner@x");
        var scopes = db.Get<ReadScopes>();

        var anonymous = await scopes.ForAppAsync(Viewer.Anonymous, "secret.example");
        var stranger = await scopes.ForAppAsync(new Viewer("stranger", IsAnalyst: false), "secret.example");
        var owner = await scopes.ForAppAsync(new Viewer("owner", IsAnalyst: false), "secret.example");
        var analyst = await scopes.ForAppAsync(new Viewer("analyst", IsAnalyst: true), "secret.example");
        var ownerElsewhere = await scopes.ForAppAsync(new Viewer("owner", IsAnalyst: false), "other.example");

        Assert.Equal(ReadAudience.Public, anonymous.Audience);
        Assert.True(anonymous.Hides("secret.example"));
        Assert.Equal(ReadAudience.Public, stranger.Audience);
        Assert.True(stranger.Hides("secret.example"));
        Assert.True(ownerElsewhere.Hides("secret.example"));
        Assert.Equal(ReadAudience.Revealing, owner.Audience);
        Assert.False(owner.Hides("secret.example"));
        Assert.False(analyst.Hides("secret.example"));
        Assert.True((await scopes.PublicAsync()).Hides("secret.example"));
        var explorer = await scopes.ForAnalystsAsync();
        Assert.Equal(ReadAudience.Analysts, explorer.Audience);
        Assert.True(explorer.IsUnlisted("secret.example"));
    }

    [Fact]
    public async Task Explorer_RefusesAnyScopeButTheAnalysts()
    {
        await using var db = await TestDatabase.CreateAsync();
        var request = new ExploreRequest(ExploreMetric.Tokens, Dimension.Apps, null, Filters.None, new DayWindow(0, 7), null, 10, false);
        var analytics = db.Get<AnalyticsQueries>();
        await Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            await foreach (var _ in analytics.StreamAsync(await db.Get<ReadScopes>().PublicAsync(), request)) { }
        });
    }
}
