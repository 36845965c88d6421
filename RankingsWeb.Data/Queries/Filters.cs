namespace RankingsWeb.Data.Queries;

/// <summary>Filters on any dimension, by key. Null means no filter.</summary>
public sealed record Filters(string? Model = null, string? Author = null, string? App = null, string? Category = null, string? Provider = null, string? Variant = null)
{
    public static readonly Filters None = new();

    /// <summary>Filters built from a key (or null) per dimension, such as the query parameters named in the dimension table.</summary>
    public static Filters Of(Func<DimensionInfo, string?> key) =>
        new(key(Dimension.Models.Info()), key(Dimension.Authors.Info()), key(Dimension.Apps.Info()),
            key(Dimension.Categories.Info()), key(Dimension.Providers.Info()), key(Dimension.Variants.Info()));

    /// <summary>The filter's key on one dimension, null where it has none.</summary>
    public string? this[Dimension d] => d switch
    {
        Dimension.Models => Model,
        Dimension.Authors => Author,
        Dimension.Apps => App,
        Dimension.Categories => Category,
        Dimension.Providers => Provider,
        Dimension.Variants => Variant,
        _ => null, // catalog attributes have no filter
    };

    /// <summary>The filters set, in the table's order.</summary>
    public IEnumerable<(Dimension Dimension, string Key)> All()
    {
        foreach (var d in Dimensions.Folded)
        {
            if (this[d.Dimension] is { } key) yield return (d.Dimension, key);
        }
    }

    /// <summary>
    /// No key contains a control character, and PostgreSQL cannot even compare text holding a NUL: such a value is
    /// a malformed parameter (contract v1.1: 400), not a key to look up. Null when <paramref name="value"/> is fine.
    /// </summary>
    public static string? ControlCharacterError(string name, string? value)
    {
        if (value is null) return null;
        foreach (var c in value)
        {
            if (char.IsControl(c) && c <= '\u007f')
                return $"{name} must not contain a control character (U+0000 to U+001F or U+007F; found U+{(int)c:X4})";
        }
        return null;
    }
}
