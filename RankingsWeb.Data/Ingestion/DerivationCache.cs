using System.Collections.Concurrent;

namespace RankingsWeb.Data.Ingestion;

/// <summary>
/// Model strings and referers repeat across millions of records; parsing a Uri per record was the
/// single largest cost of validation. Bounded: cleared when it grows past its limit.
/// </summary>
internal static class DerivationCache
{
    private const int Limit = 50_000;
    private static readonly ConcurrentDictionary<string, KeyDerivation.ModelParts?> Models = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string?> Urls = new(StringComparer.Ordinal);

    public static KeyDerivation.ModelParts? Model(string model) => Get(Models, model, KeyDerivation.ParseModel);

    public static string? AppKeyFromUrl(string url) => Get(Urls, url, KeyDerivation.AppKeyFromUrl);

    private static readonly ConcurrentDictionary<string, string?> Providers = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string?> Titles = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string?> Categories = new(StringComparer.Ordinal);

    public static string? ProviderKey(string provider) => Get(Providers, provider, KeyDerivation.ProviderKey);

    public static string? AppKeyFromTitle(string title) => Get(Titles, title, KeyDerivation.AppKeyFromTitle);

    public static string? Category(string category) => Get(Categories, category, KeyDerivation.NormalizeCategory);

    private static T Get<T>(ConcurrentDictionary<string, T> cache, string input, Func<string, T> derive)
    {
        if (cache.TryGetValue(input, out var value)) return value;
        if (cache.Count >= Limit) cache.Clear();
        value = derive(input);
        cache.TryAdd(input, value);
        return value;
    }
}

/// <summary>
/// One string instance per distinct repeated value (model, provider, referer, title, category), found from
/// the characters without allocating: parsing allocated seven strings per record, and the GC was ~8% of the
/// CPU under load. Bounded like <see cref="DerivationCache"/>.
/// </summary>
internal static class Interned
{
    private const int Limit = 50_000;
    private static readonly ConcurrentDictionary<string, string> Strings = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Strings.GetAlternateLookup<ReadOnlySpan<char>>();

    public static string Get(ReadOnlySpan<char> text)
    {
        if (Lookup.TryGetValue(text, out var s)) return s;
        if (Strings.Count >= Limit) Strings.Clear();
        s = text.ToString();
        Strings.TryAdd(s, s);
        return s;
    }
}
