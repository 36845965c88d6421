using System.Collections.Frozen;

namespace RankingsWeb.Data.Queries;

public enum Dimension { Models, Authors, Apps, Categories, Providers, Variants, Weights, Origins }

/// <summary>Where a dimension's display names come from.</summary>
public enum NameSource
{
    /// <summary>The name catalog (<see cref="Catalog.NameCatalog"/>), or a name made from the key.</summary>
    Catalog,

    /// <summary>The <c>apps</c> table: the title of the app's latest record, or its key.</summary>
    AppTitles,

    /// <summary>The key itself.</summary>
    Key,
}

/// <summary>
/// One dimension, described once: everything that differs between dimensions is here, and the API, the folds,
/// the queries, the pages and their URLs read it from here.
/// </summary>
/// <param name="Slug">Its name in URLs: <c>/api/v1/rankings/{slug}</c>, the index page <c>/{slug}</c>, explorer <c>group=</c>. Public contract.</param>
/// <param name="FilterName">The query parameter that filters on it (<c>model=</c>). Public contract.</param>
/// <param name="Column">Its key column in the cube (<c>rollups</c>) and in the fold's input.</param>
/// <param name="FoldIndex">Its number in <c>dimension_rollups.dimension</c>: stored, so never renumbered.</param>
/// <param name="Heading">Plural heading on pages ("Use cases").</param>
/// <param name="Singular">One of them, as a column heading ("Use case").</param>
/// <param name="HasPages">Whether it has an index page <c>/{slug}</c> and entity pages <c>/{slug}/{key}</c>.</param>
/// <param name="Names">Where display names come from.</param>
/// <param name="Optional">Records may have no key for it (unattributed ones, no provider): those count in totals but are nobody's row.</param>
/// <param name="AttributeOf">
/// Set for a catalog attribute of another dimension's keys (<c>weights</c> of models, <c>origins</c> of authors): its
/// key is looked up per key of that dimension at read time (<see cref="Catalog.NameCatalog.KeyOf"/>), so a catalog edit
/// applies to all history. It is never folded (<paramref name="FoldIndex"/> is -1), its <paramref name="Column"/> is
/// that dimension's, and it has no filter of its own yet: <paramref name="FilterName"/> is reserved for one.
/// </param>
public sealed record DimensionInfo(
    Dimension Dimension, string Slug, string FilterName, string Column, int FoldIndex,
    string Heading, string Singular, bool HasPages, NameSource Names, bool Optional, Dimension? AttributeOf = null)
{
    /// <summary>Whether the fold writes its rows (<c>dimension_rollups</c>) and its key is a cube column that filters work on.</summary>
    public bool Folded => AttributeOf is null;
}

/// <summary>The table of dimensions, and lookups into it.</summary>
public static class Dimensions
{
    /// <summary>Every dimension, in the order the API and the explorer list them.</summary>
    public static readonly IReadOnlyList<DimensionInfo> All =
    [
        new(Dimension.Models, "models", "model", "model_key", 0, "Models", "Model", true, NameSource.Catalog, false),
        new(Dimension.Authors, "authors", "author", "author", 1, "Authors", "Author", true, NameSource.Catalog, false),
        new(Dimension.Apps, "apps", "app", "app_key", 2, "Apps", "App", true, NameSource.AppTitles, true),
        new(Dimension.Categories, "categories", "category", "category", 3, "Use cases", "Use case", true, NameSource.Catalog, false),
        new(Dimension.Providers, "providers", "provider", "provider", 4, "Providers", "Provider", true, NameSource.Catalog, true),
        new(Dimension.Variants, "variants", "variant", "variant", 5, "Variants", "Variant", false, NameSource.Key, false),
        new(Dimension.Weights, "weights", "weights", "model_key", -1, "Weights", "Weights", false, NameSource.Catalog, false, Dimension.Models),
        new(Dimension.Origins, "origins", "origin", "author", -1, "Origins", "Origin", false, NameSource.Catalog, false, Dimension.Authors),
    ];

    /// <summary>The dimensions the fold writes and filters work on: every one but the catalog attributes.</summary>
    public static readonly IReadOnlyList<DimensionInfo> Folded = [.. All.Where(d => d.Folded)];

    private static readonly FrozenDictionary<Dimension, DimensionInfo> ByDimension = All.ToFrozenDictionary(d => d.Dimension);
    private static readonly FrozenDictionary<string, DimensionInfo> BySlug = All.ToFrozenDictionary(d => d.Slug, StringComparer.Ordinal);

    /// <summary>The slugs, comma-separated, for messages ("dimension must be one of …").</summary>
    public static readonly string SlugList = string.Join(", ", All.Select(d => d.Slug));

    public static DimensionInfo Info(this Dimension d) => ByDimension[d];

    public static bool TryParse(string? slug, out Dimension d)
    {
        d = default;
        if (slug is null || !BySlug.TryGetValue(slug, out var info)) return false;
        d = info.Dimension;
        return true;
    }
}
