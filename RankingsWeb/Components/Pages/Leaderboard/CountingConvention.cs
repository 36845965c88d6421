using RankingsWeb.Data.Queries;

namespace RankingsWeb.Components.Pages.Leaderboard;

/// <summary>
/// The leaderboard's two ways of counting. Ours (the default) ranks a model with all its variants together and reads
/// "week" and "month" as the last 7 and 30 days, so every window is complete and compares like with like against the
/// one before. "As OpenRouter counts" ranks each variant (<c>:free</c>, <c>:thinking</c>, …) as its own model, as
/// OpenRouter lists endpoints, and reads "week" and "month" as the calendar week (from Monday) or month to date.
/// Token counts themselves are the same under both: prompt + completion, reasoning inside completion.
/// </summary>
public static class CountingConvention
{
    /// <summary>The page's query parameter (<c>?counts=openrouter</c>); absent means ours. Part of the URL, so of the cache key.</summary>
    public const string Parameter = "counts", OpenRouter = "openrouter";

    /// <summary>Null for a value the page understands, else what was wrong.</summary>
    public static string? Error(string? value) =>
        value is null or OpenRouter ? null : $"{Parameter} must be '{OpenRouter}' or absent (got '{value}')";

    public static Variants ModelVariants(bool openRouter) => openRouter ? Variants.Separate : Variants.Combined;

    /// <summary>
    /// The period the other convention gives the same name: <c>week</c> ↔ <c>week_to_date</c>, <c>month</c> ↔
    /// <c>month_to_date</c>; others (day, year, all, a custom range) are the same in both. Null for a custom range.
    /// </summary>
    public static string? PeriodFor(string period, bool openRouter) => (period, openRouter) switch
    {
        ("week", true) => "week_to_date",
        ("month", true) => "month_to_date",
        ("week_to_date", false) => "week",
        ("month_to_date", false) => "month",
        ("custom", _) => null,
        _ => period,
    };

    /// <summary>The model page of a ranking entry: a separate variant's entry (<c>author/slug:free</c>) links to its model.</summary>
    public static string ModelKey(string entryKey) => entryKey.IndexOf(':') is var colon and > 0 ? entryKey[..colon] : entryKey;
}
