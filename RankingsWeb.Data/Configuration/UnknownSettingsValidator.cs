using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace RankingsWeb.Data.Configuration;

/// <summary>
/// Stops start-up on a key under <c>Rankings:</c> that nothing reads: a typo (<c>Rankings:IngestApiKy</c>) would
/// otherwise leave the real setting at its default without a word (an empty ingest key refuses every upload). The
/// message names the key and the closest known one. Runs with <see cref="RankingsOptions"/>' other checks on start.
/// </summary>
internal sealed class UnknownSettingsValidator(IConfiguration configuration, IEnumerable<KnownSettings> known) : IValidateOptions<RankingsOptions>
{
    public ValidateOptionsResult Validate(string? name, RankingsOptions options)
    {
        var keys = known.SelectMany(k => k.Keys).ToList();
        var leaves = keys.Where(k => !k.EndsWith(":*", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var sections = keys.Where(k => k.EndsWith(":*", StringComparison.Ordinal)).Select(k => k[..^2]).ToList();
        var failures = new List<string>();
        Walk(configuration.GetSection(RankingsOptions.Section), "");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Walk(IConfigurationSection section, string path)
        {
            foreach (var child in section.GetChildren())
            {
                var key = path.Length == 0 ? child.Key : path + ":" + child.Key;
                if (leaves.Contains(key) || sections.Any(s => s.Equals(key, StringComparison.OrdinalIgnoreCase))) continue;
                // A section some known key lives under (RateLimits for RateLimits:PermitsPerMinute): look inside.
                if (keys.Any(k => k.StartsWith(key + ":", StringComparison.OrdinalIgnoreCase)))
                {
                    Walk(child, key);
                    continue;
                }
                failures.Add(Message(key, keys.Select(k => k.EndsWith(":*", StringComparison.Ordinal) ? k[..^2] : k)));
            }
        }
    }

    internal static string Message(string key, IEnumerable<string> known)
    {
        var full = $"{RankingsOptions.Section}:{key}";
        var closest = known.Select(k => (Key: k, Distance: Distance(k.ToLowerInvariant(), key.ToLowerInvariant())))
            .OrderBy(c => c.Distance).ThenBy(c => c.Key, StringComparer.Ordinal).FirstOrDefault();
        var suggestion = closest.Key is not null && closest.Distance <= Math.Max(2, key.Length / 3)
            ? $" Did you mean {RankingsOptions.Section}:{closest.Key}?"
            : "";
        return $"{full} is not a setting of RankingsWeb.{suggestion} Remove it or correct its name " +
            $"(in the environment, {full.Replace(":", "__", StringComparison.Ordinal)}).";
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
