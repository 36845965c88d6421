using System.Collections.Concurrent;

namespace RankingsWeb.Data.Ingestion;

/// <summary>
/// Model strings and referers repeat across millions of records; parsing a Uri per record was the
/// single largest cost of validation. Bounded: cleared when it grows past its limit.
/// </summary>
internal static class DerivationCache
{
    private const int Limit = 50_000;
    private static readonly BoundedCache<string, KeyDerivation.ModelParts?> Models = new(Limit, StringComparer.Ordinal);
    private static readonly BoundedCache<string, string?> Urls = new(Limit, StringComparer.Ordinal);

    public static KeyDerivation.ModelParts? Model(string model) => Get(Models, model, KeyDerivation.ParseModel);

    public static string? AppKeyFromUrl(string url) => Get(Urls, url, KeyDerivation.AppKeyFromUrl);

    private static readonly BoundedCache<string, string?> Providers = new(Limit, StringComparer.Ordinal);
    private static readonly BoundedCache<string, string?> Titles = new(Limit, StringComparer.Ordinal);
    private static readonly BoundedCache<string, string?> Categories = new(Limit, StringComparer.Ordinal);

    public static string? ProviderKey(string provider) => Get(Providers, provider, KeyDerivation.ProviderKey);

    public static string? AppKeyFromTitle(string title) => Get(Titles, title, KeyDerivation.AppKeyFromTitle);

    public static string? Category(string category) => Get(Categories, category, KeyDerivation.NormalizeCategory);

    private static T Get<T>(BoundedCache<string, T> cache, string input, Func<string, T> derive)
    {
        if (cache.TryGetValue(input, out var value)) return value;
        value = derive(input);
        cache.Set(input, value);
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
    private static readonly BoundedCache<string, string> Strings = new(Limit, StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Strings.Entries.GetAlternateLookup<ReadOnlySpan<char>>();

    public static string Get(ReadOnlySpan<char> text)
    {
        if (Lookup.TryGetValue(text, out var s)) return s;
        s = text.ToString();
        Strings.Set(s, s);
        return s;
    }
}
