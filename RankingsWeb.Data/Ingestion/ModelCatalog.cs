using RankingsWeb.Data.Catalog;

namespace RankingsWeb.Data.Ingestion;

/// <summary>
/// The built-in names of <see cref="NameCatalog"/> (<c>Catalog/catalog.json</c>), for callers without the service.
/// Prefer the injected <see cref="NameCatalog"/>: it includes the override file (<c>Rankings:ModelCatalogPath</c>).
/// </summary>
public static class ModelCatalog
{
    public static string AuthorName(string author) => NameCatalog.BuiltIn.AuthorName(author);

    /// <summary>"Anthropic: Claude Sonnet 4" for a model key (without variant).</summary>
    public static string ModelName(string modelKey) => NameCatalog.BuiltIn.ModelName(modelKey);

    public static bool IsKnownModel(string modelKey) => NameCatalog.BuiltIn.IsKnownModel(modelKey);
}
