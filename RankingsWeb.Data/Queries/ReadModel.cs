using System.Globalization;

namespace RankingsWeb.Data.Queries;

public enum Dimension { Models, Authors, Apps, Categories, Providers, Variants }

public enum Interval { Day, Week, Month }

public enum Metric { Tokens, TokensPrompt, TokensCompletion, TokensReasoning, Requests, Cost }

/// <summary>A UTC day range, <see cref="To"/> exclusive, as days since 1970-01-01.</summary>
public readonly record struct DayWindow(int From, int To)
{
    public int Length => To - From;
    public DayWindow Previous => new(From - Length, From);
    public DateOnly FromDate => Days.ToDate(From);
    public DateOnly ToDate => Days.ToDate(To);
}

public static class Days
{
    private static readonly DateOnly Epoch = new(1970, 1, 1);
    public static DateOnly ToDate(int day) => Epoch.AddDays(day);
    public static int FromDate(DateOnly date) => date.DayNumber - Epoch.DayNumber;
    public static string Format(int day) => ToDate(day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    public static int Today(TimeProvider clock) => FromDate(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));

    public static bool TryParse(string? text, out int day)
    {
        day = 0;
        if (text is null || !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return false;
        day = FromDate(d);
        return true;
    }

    /// <summary>First day of the bucket holding <paramref name="day"/> (weeks start on Monday).</summary>
    public static int BucketStart(int day, Interval interval)
    {
        var date = ToDate(day);
        return interval switch
        {
            Interval.Day => day,
            Interval.Week => day - ((int)date.DayOfWeek + 6) % 7,
            _ => FromDate(new DateOnly(date.Year, date.Month, 1)),
        };
    }

    public static int NextBucket(int bucketStart, Interval interval) => interval switch
    {
        Interval.Day => bucketStart + 1,
        Interval.Week => bucketStart + 7,
        _ => FromDate(ToDate(bucketStart).AddMonths(1)),
    };
}

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
}

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

    public static bool TryParseMetric(string? text, out Metric m)
    {
        m = Metric.Tokens;
        switch (text)
        {
            case null or "tokens": return true;
            case "tokens_prompt": m = Metric.TokensPrompt; return true;
            case "tokens_completion": m = Metric.TokensCompletion; return true;
            case "tokens_reasoning": m = Metric.TokensReasoning; return true;
            case "requests": m = Metric.Requests; return true;
            case "cost": m = Metric.Cost; return true;
            default: return false;
        }
    }

    public static string MetricSlug(Metric m) => m switch
    {
        Metric.Tokens => "tokens",
        Metric.TokensPrompt => "tokens_prompt",
        Metric.TokensCompletion => "tokens_completion",
        Metric.TokensReasoning => "tokens_reasoning",
        Metric.Requests => "requests",
        _ => "cost",
    };

    public static string MetricSql(Metric m) => m switch
    {
        Metric.Tokens => "tokens_prompt + tokens_completion",
        Metric.TokensPrompt => "tokens_prompt",
        Metric.TokensCompletion => "tokens_completion",
        Metric.TokensReasoning => "tokens_reasoning",
        Metric.Requests => "requests",
        _ => "cost_nanos",
    };
}

/// <summary>Parses the window parameters of the read endpoints (contract: from/to or period + as_of).</summary>
public static class WindowSpec
{
    public static readonly string[] Periods = ["day", "week", "month", "year", "all"];

    public static int PeriodDays(string period) => period switch
    {
        "day" => 1,
        "week" => 7,
        "month" => 30,
        "year" => 365,
        _ => 0,
    };

    /// <summary>Resolves a window; an error message when a parameter is out of its domain.</summary>
    public static (DayWindow Window, string? Error) Resolve(string? from, string? to, string? period, string? asOf,
        int latestDay, int firstDay)
    {
        if (from is not null || to is not null)
        {
            if (period is not null) return (default, "give either from/to or period, not both");
            if (!Days.TryParse(from, out var f)) return (default, $"from must be a date YYYY-MM-DD (got '{from}')");
            if (!Days.TryParse(to, out var t)) return (default, $"to must be a date YYYY-MM-DD (got '{to}')");
            if (t <= f) return (default, "to must be after from (to is exclusive)");
            return (new DayWindow(f, t), null);
        }
        period ??= "week";
        if (Array.IndexOf(Periods, period) < 0) return (default, $"period must be one of day, week, month, year, all (got '{period}')");
        var end = latestDay;
        if (asOf is not null && !Days.TryParse(asOf, out end)) return (default, $"as_of must be a date YYYY-MM-DD (got '{asOf}')");
        if (period == "all") return (new DayWindow(Math.Min(firstDay, end), end + 1), null);
        return (new DayWindow(end + 1 - PeriodDays(period), end + 1), null);
    }
}
