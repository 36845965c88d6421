namespace RankingsWeb.Data.Queries;

/// <summary>Filters on any dimension, by key. Null means no filter.</summary>
public sealed record Filters(string? Model = null, string? Author = null, string? App = null, string? Category = null, string? Provider = null, string? Variant = null)
{
    public static readonly Filters None = new();

    public IEnumerable<(Dimension Dimension, string Key)> All()
    {
        if (Model is not null) yield return (Dimension.Models, Model);
        if (Author is not null) yield return (Dimension.Authors, Author);
        if (App is not null) yield return (Dimension.Apps, App);
        if (Category is not null) yield return (Dimension.Categories, Category);
        if (Provider is not null) yield return (Dimension.Providers, Provider);
        if (Variant is not null) yield return (Dimension.Variants, Variant);
    }

    /// <summary>The URL parameter that filters on each dimension.</summary>
    public static string ParameterName(Dimension d) => d switch
    {
        Dimension.Models => "model",
        Dimension.Authors => "author",
        Dimension.Apps => "app",
        Dimension.Categories => "category",
        Dimension.Providers => "provider",
        _ => "variant",
    };

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
