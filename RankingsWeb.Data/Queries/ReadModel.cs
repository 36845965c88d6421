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

    /// <summary>0001-01-01 and 9999-12-31: the days a date can name.</summary>
    public static readonly int MinDay = FromDate(DateOnly.MinValue), MaxDay = FromDate(DateOnly.MaxValue);
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

    /// <summary>First day of the next bucket; past 9999-12 too (a day number, never a date), so a loop over buckets can end there.</summary>
    public static int NextBucket(int bucketStart, Interval interval)
    {
        if (interval == Interval.Day) return bucketStart + 1;
        if (interval == Interval.Week) return bucketStart + 7;
        var date = ToDate(bucketStart);
        return bucketStart + DateTime.DaysInMonth(date.Year, date.Month);
    }

    /// <summary>How many buckets of <paramref name="interval"/> cover <paramref name="window"/>, counted without listing them.</summary>
    public static long BucketCount(DayWindow window, Interval interval)
    {
        if (window.Length <= 0) return 0;
        switch (interval)
        {
            case Interval.Day: return window.Length;
            case Interval.Week: return (BucketStart(window.To - 1, interval) - BucketStart(window.From, interval)) / 7 + 1;
            default:
                DateOnly first = ToDate(window.From), last = ToDate(window.To - 1);
                return (last.Year - first.Year) * 12L + last.Month - first.Month + 1;
        }
    }
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

    /// <summary>The longest window anyone may ask for: 20 years.</summary>
    public const int MaxWindowDays = 366 * 20;

    /// <summary>
    /// The most buckets one series, totals or rank-history answer may have: weeks over 20 years, or days over 3.
    /// Every bucket costs an array slot per series and a point to draw; past this a coarser interval says the same.
    /// </summary>
    public const int MaxBuckets = 1100;

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
            return Bounded(new DayWindow(f, t));
        }
        period ??= "week";
        if (Array.IndexOf(Periods, period) < 0) return (default, $"period must be one of day, week, month, year, all (got '{period}')");
        var end = latestDay;
        if (asOf is not null && !Days.TryParse(asOf, out end)) return (default, $"as_of must be a date YYYY-MM-DD (got '{asOf}')");
        if (period == "all") return Bounded(new DayWindow(Math.Min(firstDay, end), end + 1));
        return Bounded(new DayWindow(end + 1 - PeriodDays(period), end + 1));
    }

    /// <summary>
    /// Every day of the window, and its exclusive end, must be a date of years 1..9999 (the answer names them), and it
    /// may span 20 years at most (window lengths are days, so the rule is the same for from/to and period).
    /// </summary>
    private static (DayWindow Window, string? Error) Bounded(DayWindow w)
    {
        if (w.From < Days.MinDay)
            return (default, "the window reaches outside years 1..9999: it would start before 0001-01-01");
        if (w.To > Days.MaxDay)
            return (default, "the window reaches outside years 1..9999: its end (to, exclusive) would be after 9999-12-31, so the last day it can hold is 9999-12-30");
        if (w.Length > MaxWindowDays)
            return (default, $"the window is longer than 20 years ({w.Length:N0} days; at most {MaxWindowDays:N0})");
        return (w, null);
    }

    /// <summary>
    /// Where the previous window of equal length is read (rankings' <c>previous_tokens</c> and <c>change</c>, and the
    /// pages that show them), it must lie inside years 1..9999 too. Null when it does.
    /// </summary>
    public static string? PreviousError(DayWindow w) => w.Previous.From < Days.MinDay
        ? $"the previous window of equal length ({w.Length:N0} days, used for change) would start before 0001-01-01: the window reaches outside years 1..9999; start it on or after {Days.Format(Days.MinDay + w.Length)}"
        : null;

    /// <summary>Null when <paramref name="interval"/> over <paramref name="window"/> makes at most <see cref="MaxBuckets"/> buckets.</summary>
    public static string? BucketsError(DayWindow window, Interval interval)
    {
        var count = Days.BucketCount(window, interval);
        if (count <= MaxBuckets) return null;
        var name = interval.ToString().ToLowerInvariant();
        var coarser = interval == Interval.Day ? "interval=week or interval=month" : "interval=month";
        return $"interval={name} over this window ({window.Length:N0} days) makes {count:N0} buckets; at most {MaxBuckets:N0} are allowed: use {coarser}, or a shorter window";
    }
}
