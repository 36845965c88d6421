namespace RankingsWeb.Data.Queries;

/// <summary>Parses the window parameters of the read endpoints (contract: from/to or period + as_of).</summary>
public static class WindowSpec
{
    public static readonly string[] Periods = ["day", "week", "month", "year", "all", "week_to_date", "month_to_date"];

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
        if (Array.IndexOf(Periods, period) < 0) return (default, $"period must be one of {string.Join(", ", Periods)} (got '{period}')");
        var end = latestDay;
        if (asOf is not null && !Days.TryParse(asOf, out end)) return (default, $"as_of must be a date YYYY-MM-DD (got '{asOf}')");
        // All time is at most the last 20 years through as_of: one record dated year 1 (a client's zero date) would
        // otherwise make "all" longer than any window may be, and every all-time answer and page a 400.
        if (period == "all") return Bounded(new DayWindow(Math.Max(Math.Min(firstDay, end), Math.Max(Days.MinDay, end + 1 - MaxWindowDays)), end + 1));
        // Calendar windows, as OpenRouter's "this week" and "this month": from the Monday (or the 1st) through as_of.
        if (period == "week_to_date") return Bounded(new DayWindow(Days.BucketStart(end, Interval.Week), end + 1));
        if (period == "month_to_date") return Bounded(new DayWindow(Days.BucketStart(end, Interval.Month), end + 1));
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
