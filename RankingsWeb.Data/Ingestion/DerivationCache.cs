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

    private static T Get<T>(ConcurrentDictionary<string, T> cache, string input, Func<string, T> derive)
    {
        if (cache.TryGetValue(input, out var value)) return value;
        if (cache.Count >= Limit) cache.Clear();
        value = derive(input);
        cache.TryAdd(input, value);
        return value;
    }
}
