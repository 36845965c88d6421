using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace RankingsWeb.Data.Configuration;

/// <summary>
/// Keys a project reads under <c>Rankings:</c>, registered by the project that reads them (an options class's bindable
/// properties, or a loose key read with <c>config["Rankings:…"]</c>), so <see cref="UnknownSettingsValidator"/> can
/// tell a typo from a setting. A key ending in <c>:*</c> is a section: anything below it is accepted (a list).
/// </summary>
public sealed class KnownSettings
{
    private KnownSettings(IReadOnlyList<string> keys) => Keys = keys;

    /// <summary>Paths relative to <c>Rankings:</c>, such as <c>IngestApiKey</c> or <c>RateLimits:PermitsPerMinute</c>.</summary>
    public IReadOnlyList<string> Keys { get; }

    public static KnownSettings Of(params string[] keys) => new(keys);

    /// <summary>The keys the configuration binder fills in <typeparamref name="T"/>: public properties with a setter.</summary>
    public static KnownSettings Of<T>(string? under = null) => new(KeysOf(typeof(T), under is null ? "" : under + ":"));

    private static List<string> KeysOf(Type type, string prefix) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true })
            .Select(p => prefix + (p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? p.Name))];
}
