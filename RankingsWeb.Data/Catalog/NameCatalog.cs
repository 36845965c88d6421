using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Data.Catalog;

/// <summary>One catalog entry: a display name and, for models and authors, the attributes the rankings group by.</summary>
public sealed record CatalogEntry
{
    [JsonPropertyName("name")] public string? Name { get; init; }

    /// <summary>Models only: <c>open</c> (downloadable weights) or <c>closed</c>; absent means unknown.</summary>
    [JsonPropertyName("weights")] public string? Weights { get; init; }

    /// <summary>Authors only: ISO 3166 alpha-2 country, lower case (<c>us</c>); absent means unknown.</summary>
    [JsonPropertyName("origin")] public string? Origin { get; init; }
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
/// Display names of authors, models, providers and use cases, whether a model's weights are open and the country
/// of a model's author, kept as data (<c>Catalog/catalog.json</c>, embedded) and looked up at read time, so an edit
/// applies to all history at once. Keys it does not know get a name made from their slug
/// (<see cref="KeyDerivation.Humanize"/>) and <see cref="Unknown"/> weights and origin. An override file
/// (<c>Rankings:ModelCatalogPath</c>) of the same shape is laid over the built-in entries, key by key and field by
/// field. Every name is cleaned like ingested text.
/// </summary>
public sealed class NameCatalog
{
    public const string ResourceName = "RankingsWeb.Data.Catalog.catalog.json";

    /// <summary>The values of the <c>weights</c> dimension.</summary>
    public const string Open = "open", Closed = "closed";

    /// <summary>The weights or origin of a key the catalog says nothing about.</summary>
    public const string Unknown = "unknown";

    public static IReadOnlyList<string> WeightsValues { get; } = [Open, Closed, Unknown];

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

    private readonly FrozenDictionary<string, string> _authors, _models, _providers, _categories, _weights, _origins;

    private NameCatalog(CatalogFile file, CatalogFile? over)
    {
        _authors = Section(file.Authors, over?.Authors, e => e.Name);
        _models = Section(file.Models, over?.Models, e => e.Name);
        _providers = Section(file.Providers, over?.Providers, e => e.Name);
        _categories = Section(file.Categories, over?.Categories, e => e.Name);
        _weights = Section(file.Models, over?.Models, e => e.Weights);
        _origins = Section(file.Authors, over?.Authors, e => e.Origin);
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

    /// <summary>Reads and checks a catalog file; a bad one throws with <paramref name="source"/> and the reason.</summary>
    public static CatalogFile Parse(Stream json, string source)
    {
        CatalogFile file;
        try
        {
            file = JsonSerializer.Deserialize<CatalogFile>(json, Json) ?? throw new InvalidOperationException($"{source}: the catalog is empty (null).");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{source}: not a catalog ({e.Message}). Expected {{\"authors\":{{\"key\":{{\"name\":\"…\",\"origin\":\"us\"}}}}, \"models\":{{\"author/slug\":{{\"name\":\"…\",\"weights\":\"open\"}}}}, \"providers\":…, \"categories\":…}}.", e);
        }
        Validate(file, source);
        return file;
    }

    /// <summary>
    /// Weights and origin become dimension keys, so a typo ("Open", "USA") would silently split a bar: refuse it, and
    /// refuse either field in a section where it means nothing rather than ignore it.
    /// </summary>
    private static void Validate(CatalogFile file, string source)
    {
        foreach (var (section, entries) in new[] { ("authors", file.Authors), ("models", file.Models), ("providers", file.Providers), ("categories", file.Categories) })
        {
            if (entries is null) continue;
            foreach (var (key, entry) in entries)
            {
                if (entry is null) continue;
                var where = $"{source}: {section}.\"{key}\"";
                if (entry.Weights is { } weights)
                {
                    if (section != "models") throw new InvalidOperationException($"{where}: \"weights\" belongs to models only.");
                    if (weights is not (Open or Closed))
                        throw new InvalidOperationException($"{where}: weights \"{weights}\" is neither \"{Open}\" nor \"{Closed}\" (leave the field out where unknown).");
                }
                if (entry.Origin is { } origin)
                {
                    if (section != "authors") throw new InvalidOperationException($"{where}: \"origin\" belongs to authors only.");
                    if (!IsCountryCode(origin))
                        throw new InvalidOperationException($"{where}: origin \"{origin}\" is not an ISO 3166 alpha-2 country code in lower case such as \"us\" (leave the field out where unknown).");
                }
            }
        }
    }

    private static bool IsCountryCode(string code) => code is [>= 'a' and <= 'z', >= 'a' and <= 'z'];

    /// <summary>Keys are matched as stored (lower case); entries without the field are left to the layer below or the fallback.</summary>
    private static FrozenDictionary<string, string> Section(
        Dictionary<string, CatalogEntry>? builtIn, Dictionary<string, CatalogEntry>? over, Func<CatalogEntry, string?> field)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var layer in new[] { builtIn, over })
        {
            if (layer is null) continue;
            foreach (var (key, entry) in layer)
            {
                if (entry is not null && field(entry) is { } value && DisplayText.Clean(value).Trim() is { Length: > 0 } clean) values[key.ToLowerInvariant()] = clean;
            }
        }
        return values.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public string AuthorName(string author) => _authors.GetValueOrDefault(author) ?? KeyDerivation.Humanize(author);

    /// <summary>The model's own name, without its author ("GPT-5").</summary>
    public string ModelShortName(string modelKey)
    {
        if (_models.TryGetValue(modelKey, out var name)) return name;
        var slash = modelKey.IndexOf('/');
        return KeyDerivation.Humanize(slash < 0 ? modelKey : modelKey[(slash + 1)..]);
    }

    /// <summary>"OpenAI: GPT-5" for a model key; "OpenAI: GPT-5 (free)" for a model and variant (<c>openai/gpt-5:free</c>), as separate variants are keyed.</summary>
    public string ModelName(string modelKey)
    {
        if (modelKey.IndexOf(':') is var colon and > 0) return $"{ModelName(modelKey[..colon])} ({modelKey[(colon + 1)..]})";
        var slash = modelKey.IndexOf('/');
        if (slash < 0) return KeyDerivation.Humanize(modelKey);
        return $"{AuthorName(modelKey[..slash])}: {ModelShortName(modelKey)}";
    }

    public string ProviderName(string provider) => _providers.GetValueOrDefault(provider) ?? KeyDerivation.Humanize(provider);

    public string CategoryName(string category) => _categories.GetValueOrDefault(category) ?? KeyDerivation.Humanize(category);

    public bool IsKnownModel(string modelKey) => _models.ContainsKey(modelKey);

    /// <summary>
    /// <see cref="Open"/>, <see cref="Closed"/> or <see cref="Unknown"/> for a model key; a variant suffix
    /// (<c>:free</c>) is the same model's weights.
    /// </summary>
    public string Weights(string modelKey) => _weights.GetValueOrDefault(BaseModel(modelKey)) ?? Unknown;

    /// <summary>The author's country (ISO 3166 alpha-2, lower case) or <see cref="Unknown"/>.</summary>
    public string Origin(string authorKey) => _origins.GetValueOrDefault(authorKey) ?? Unknown;

    /// <summary>The country of a model's author (the part of the key before '/'), or <see cref="Unknown"/>.</summary>
    public string ModelOrigin(string modelKey)
    {
        var slash = modelKey.IndexOf('/');
        return slash < 0 ? Unknown : Origin(modelKey[..slash]);
    }

    private static string BaseModel(string modelKey)
    {
        var colon = modelKey.IndexOf(':');
        return colon < 0 ? modelKey : modelKey[..colon];
    }

    /// <summary>"Open weights", "Closed weights" or "Unknown"; any other value as it is.</summary>
    public static string WeightsName(string weights) => weights switch
    {
        Open => "Open weights",
        Closed => "Closed weights",
        Unknown => "Unknown",
        _ => weights,
    };

    /// <summary>The English name of a country code ("cn" gives "China"); "Unknown" for <see cref="Unknown"/>; a code missing from the table in upper case.</summary>
    public static string OriginName(string origin) =>
        origin == Unknown ? "Unknown" : CountryNames.GetValueOrDefault(origin) ?? origin.ToUpperInvariant();

    /// <summary>
    /// The countries the catalog uses, and a few more that authors come from. A static table rather than
    /// <see cref="System.Globalization.RegionInfo"/>: that one's names follow the machine's ICU data and language.
    /// </summary>
    private static readonly FrozenDictionary<string, string> CountryNames = new Dictionary<string, string>
    {
        ["ae"] = "United Arab Emirates", ["au"] = "Australia", ["ca"] = "Canada", ["ch"] = "Switzerland", ["cn"] = "China",
        ["de"] = "Germany", ["es"] = "Spain", ["fi"] = "Finland", ["fr"] = "France", ["gb"] = "United Kingdom",
        ["hk"] = "Hong Kong", ["il"] = "Israel", ["in"] = "India", ["it"] = "Italy", ["jp"] = "Japan", ["kr"] = "South Korea",
        ["nl"] = "Netherlands", ["ru"] = "Russia", ["sa"] = "Saudi Arabia", ["se"] = "Sweden", ["sg"] = "Singapore",
        ["tw"] = "Taiwan", ["us"] = "United States",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Whether the country table names <paramref name="origin"/> (tests keep every code the catalog uses named).</summary>
    public static bool HasOriginName(string origin) => CountryNames.ContainsKey(origin);

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
        Dimension.Weights => WeightsName(key),
        Dimension.Origins => OriginName(key),
        _ => key,
    });

    /// <summary>
    /// The key a row read for <paramref name="dimension"/> counts under. The catalog attributes are read from the rows
    /// of the dimension they belong to (<see cref="DimensionInfo.AttributeOf"/>: a model key, an author) and become the
    /// model's weights or the author's country here, now, so an edit of the catalog applies to all history with no
    /// re-fold. Every other dimension's key is itself.
    /// </summary>
    public string KeyOf(Dimension dimension, string storedKey) => dimension switch
    {
        Dimension.Weights => Weights(storedKey),
        Dimension.Origins => Origin(storedKey),
        _ => storedKey,
    };
}
