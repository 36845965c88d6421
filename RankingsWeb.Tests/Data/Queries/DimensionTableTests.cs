using RankingsWeb.Data.Queries;

namespace RankingsWeb.Tests.Data.Queries;

/// <summary>The dimension table: one entry per dimension, and the names in it are public contract or stored.</summary>
public class DimensionTableTests
{
    [Fact]
    public void Table_HasEveryDimensionOnce()
    {
        Assert.Equal(Enum.GetValues<Dimension>(), Dimensions.All.Select(d => d.Dimension));
        foreach (var d in Enum.GetValues<Dimension>()) Assert.Equal(d, d.Info().Dimension);
    }

    [Fact]
    public void SlugsAndFilterNames_AreTheContractsNames()
    {
        Assert.Equal(["models", "authors", "apps", "categories", "providers", "variants", "weights", "origins"], Dimensions.All.Select(d => d.Slug));
        Assert.Equal(["model", "author", "app", "category", "provider", "variant"], Dimensions.Folded.Select(d => d.FilterName));
        Assert.Equal("models, authors, apps, categories, providers, variants, weights, origins", Dimensions.SlugList);
        Assert.True(Dimensions.TryParse("categories", out var c) && c == Dimension.Categories);
        Assert.False(Dimensions.TryParse("Models", out _));
        Assert.False(Dimensions.TryParse(null, out _));
    }

    [Fact]
    public void FoldIndexes_AreTheStoredNumbers()
    {
        // dimension_rollups.dimension holds these: renumbering one would mix two dimensions' rows.
        Assert.Equal([0, 1, 2, 3, 4, 5], Dimensions.Folded.Select(d => d.FoldIndex));
        Assert.Equal(["model_key", "author", "app_key", "category", "provider", "variant"], Dimensions.Folded.Select(d => d.Column));
    }

    [Fact]
    public void CatalogAttributes_AreNeverFolded_AndReadTheirOwnersColumn()
    {
        // Weights and origins are looked up at read time: a fold index would store rows a catalog edit could not change.
        Assert.Equal([Dimension.Weights, Dimension.Origins], Dimensions.All.Where(d => !d.Folded).Select(d => d.Dimension));
        Assert.All(Dimensions.All.Where(d => !d.Folded), d => Assert.Equal(-1, d.FoldIndex));
        Assert.Equal(Dimension.Models, Dimension.Weights.Info().AttributeOf);
        Assert.Equal(Dimension.Authors, Dimension.Origins.Info().AttributeOf);
        Assert.Equal(Dimension.Models.Info().Column, Dimension.Weights.Info().Column);
        Assert.Equal(Dimension.Authors.Info().Column, Dimension.Origins.Info().Column);
        Assert.DoesNotContain(RankingsWeb.Data.Aggregation.FoldFanOut.PerDimension, d => !d.Folded);
        Assert.False(Dimension.Weights.Info().HasPages);
        Assert.False(Dimension.Origins.Info().HasPages);
        Assert.Null(Filters.None[Dimension.Weights]);
    }

    [Fact]
    public void Filters_FollowTheTable()
    {
        var filters = Filters.Of(d => d.Dimension is Dimension.Apps or Dimension.Variants ? d.FilterName + "-key" : null);
        Assert.Equal(new Filters(App: "app-key", Variant: "variant-key"), filters);
        Assert.Equal([(Dimension.Apps, "app-key"), (Dimension.Variants, "variant-key")], filters.All());
    }
}
