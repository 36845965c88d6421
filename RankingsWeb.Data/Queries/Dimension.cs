namespace RankingsWeb.Data.Queries;

public enum Dimension { Models, Authors, Apps, Categories, Providers, Variants }

public static class DimensionNames
{
    public static string Column(Dimension d) => d switch
    {
        Dimension.Models => "model_key",
        Dimension.Authors => "author",
        Dimension.Apps => "app_key",
        Dimension.Categories => "category",
        Dimension.Providers => "provider",
        _ => "variant",
    };

    public static string Slug(Dimension d) => d.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, out Dimension d)
    {
        d = default;
        switch (text)
        {
            case "models": d = Dimension.Models; return true;
            case "authors": d = Dimension.Authors; return true;
            case "apps": d = Dimension.Apps; return true;
            case "categories": d = Dimension.Categories; return true;
            case "providers": d = Dimension.Providers; return true;
            case "variants": d = Dimension.Variants; return true;
            default: return false;
        }
    }
}
