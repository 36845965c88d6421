using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Data.Catalog;

/// <summary>One catalog entry. An object rather than a bare name, so later fields (open weights, origin) sit beside it.</summary>
public sealed record CatalogEntry
{
    [JsonPropertyName("name")] public string? Name { get; init; }
}

/// <summary>The shape of <c>catalog.json</c> and of an override file: one section per kind of key.</summary>
public sealed record CatalogFile
{
    [JsonPropertyName("authors")] public Dictionary<string, CatalogEntry>? Authors { get; init; }
    [JsonPropertyName("models")] public Dictionary<string, CatalogEntry>? Models { get; init; }
    [JsonPropertyName("providers")] public Dictionary<string, CatalogEntry>? Providers { get; init; }
    [JsonPropertyName("categories")] public Dictionary<string, CatalogEntry>? Categories { get; init; }
}

/// <summary>
/// Display names of authors, models, providers and use cases, kept as data (<c>Catalog/catalog.json</c>, embedded)
/// and looked up at read time, so an edit applies to all history at once. Keys it does not know get a name made
/// from their slug (<see cref="KeyDerivation.Humanize"/>). An override file (<c>Rankings:ModelCatalogPath</c>) of
/// the same shape is laid over the built-in entries, key by key. Every name is cleaned like ingested text.
/// </summary>
public sealed class NameCatalog
{
    public const string ResourceName = "RankingsWeb.Data.Catalog.catalog.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static readonly Lazy<CatalogFile> BuiltInFile = new(() =>
    {
        using var stream = typeof(NameCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        return Parse(stream, "the built-in catalog");
    });

    private static readonly Lazy<NameCatalog> BuiltInCatalog = new(() => new NameCatalog(BuiltInFile.Value, null));

    /// <summary>The catalog shipped in the assembly, without any override.</summary>
    public static NameCatalog BuiltIn => BuiltInCatalog.Value;

    private readonly FrozenDictionary<string, string> _authors, _models, _providers, _categories;

    private NameCatalog(CatalogFile file, CatalogFile? over)
    {
        _authors = Section(file.Authors, over?.Authors);
        _models = Section(file.Models, over?.Models);
        _providers = Section(file.Providers, over?.Providers);
        _categories = Section(file.Categories, over?.Categories);
    }

    /// <summary>The built-in catalog with the entries of <paramref name="overridePath"/> laid over it (none when null or empty).</summary>
    public static NameCatalog Create(string? overridePath)
    {
        if (string.IsNullOrWhiteSpace(overridePath)) return BuiltIn;
        CatalogFile over;
        try
        {
            using var stream = File.OpenRead(overridePath);
            over = Parse(stream, overridePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"Rankings:ModelCatalogPath: cannot read '{overridePath}': {e.Message}", e);
        }
        return new NameCatalog(BuiltInFile.Value, over);
    }

    public static CatalogFile Parse(Stream json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<CatalogFile>(json, Json) ?? throw new InvalidOperationException($"{source}: the catalog is empty (null).");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{source}: not a catalog ({e.Message}). Expected {{\"authors\":{{\"key\":{{\"name\":\"…\"}}}}, \"models\":…, \"providers\":…, \"categories\":…}}.", e);
        }
    }

    /// <summary>Keys are matched as stored (lower case); entries without a name are left to the fallback.</summary>
    private static FrozenDictionary<string, string> Section(Dictionary<string, CatalogEntry>? builtIn, Dictionary<string, CatalogEntry>? over)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var layer in new[] { builtIn, over })
        {
            if (layer is null) continue;
            foreach (var (key, entry) in layer)
            {
                if (entry?.Name is { } name && DisplayText.Clean(name).Trim() is { Length: > 0 } clean) names[key.ToLowerInvariant()] = clean;
            }
        }
        return names.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public string AuthorName(string author) => _authors.GetValueOrDefault(author) ?? KeyDerivation.Humanize(author);

    /// <summary>The model's own name, without its author ("GPT-5").</summary>
    public string ModelShortName(string modelKey)
    {
        if (_models.TryGetValue(modelKey, out var name)) return name;
        var slash = modelKey.IndexOf('/');
        return KeyDerivation.Humanize(slash < 0 ? modelKey : modelKey[(slash + 1)..]);
    }

    /// <summary>"OpenAI: GPT-5" for a model key (without variant).</summary>
    public string ModelName(string modelKey)
    {
        var slash = modelKey.IndexOf('/');
        if (slash < 0) return KeyDerivation.Humanize(modelKey);
        return $"{AuthorName(modelKey[..slash])}: {ModelShortName(modelKey)}";
    }

    public string ProviderName(string provider) => _providers.GetValueOrDefault(provider) ?? KeyDerivation.Humanize(provider);

    public string CategoryName(string category) => _categories.GetValueOrDefault(category) ?? KeyDerivation.Humanize(category);

    public bool IsKnownModel(string modelKey) => _models.ContainsKey(modelKey);

    /// <summary>Whether the catalog (not the fallback) names <paramref name="key"/>; apps and variants have no catalog.</summary>
    public bool Knows(Dimension dimension, string key) => dimension switch
    {
        Dimension.Models => _models.ContainsKey(key),
        Dimension.Authors => _authors.ContainsKey(key),
        Dimension.Providers => _providers.ContainsKey(key),
        Dimension.Categories => _categories.ContainsKey(key),
        _ => false,
    };

    /// <summary>The display name of a key of any dimension but apps (whose names are their latest titles), cleaned.</summary>
    public string Name(Dimension dimension, string key) => DisplayText.Clean(dimension switch
    {
        Dimension.Models => ModelName(key),
        Dimension.Authors => AuthorName(key),
        Dimension.Categories => CategoryName(key),
        Dimension.Providers => ProviderName(key),
        _ => key,
    });
}
