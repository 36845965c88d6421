using System.Globalization;
using Microsoft.AspNetCore.Components;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Components.Shared;

/// <summary>
/// The window a page shows, resolved from its URL (period / from / to / as_of) under the API's bounds, plus the
/// longer window its growth charts use and whether their last bucket is still in progress. With an
/// <see cref="Error"/> the page shows the reason instead of its content (and answers 400); the window is then
/// the last week, only so the period selector has dates to offer.
/// </summary>
public sealed record ViewWindow(string Period, DayWindow Window, DayWindow ChartWindow, Interval Interval, double? LastBucketElapsed, string? Error)
{
    /// <summary>Growth charts: days up to ~3 months, weeks up to ~2 years, months beyond (at most 241 over 20 years).</summary>
    public const int MaxDailyChartDays = 92, MaxWeeklyChartDays = 2 * 366;

    /// <param name="withPrevious">The page shows change against the previous window of equal length, so that one must exist too.</param>
    public static ViewWindow Resolve(string? period, string? from, string? to, string? asOf, int firstDay, int latestDay, TimeProvider clock,
        bool withPrevious = true)
    {
        var custom = from is not null || to is not null;
        var p = custom ? "custom" : period ?? "week";
        var (window, error) = WindowSpec.Resolve(from, to, custom ? null : p, asOf, latestDay, firstDay);
        if (error is null && withPrevious) error = WindowSpec.PreviousError(window);
        if (error is not null)
        {
            p = "week";
            (window, _) = WindowSpec.Resolve(null, null, "week", null, latestDay, firstDay);
        }
        // Growth charts show at least four weeks of context; beyond those, no buckets before the first day with
        // data (nor before 0001-01-01): a window reaching back decades draws from where the data starts.
        var chartFrom = Math.Min(window.From, window.To - 28);
        chartFrom = Math.Max(chartFrom, Math.Min(firstDay, window.To - 28));
        chartFrom = Math.Max(chartFrom, Days.MinDay);
        // More bars than about three months of days make the home page slow to draw.
        var length = window.To - chartFrom;
        var interval = length <= MaxDailyChartDays ? Interval.Day : length <= MaxWeeklyChartDays ? Interval.Week : Interval.Month;
        chartFrom = Days.BucketStart(chartFrom, interval);
        var chart = new DayWindow(chartFrom, window.To);

        double? elapsed = null;
        var now = clock.GetUtcNow().UtcDateTime;
        var today = Days.FromDate(DateOnly.FromDateTime(now));
        var lastBucket = Days.BucketStart(window.To - 1, interval);
        if (today >= lastBucket && today < Days.NextBucket(lastBucket, interval) && window.To > today)
        {
            var bucketLength = Days.NextBucket(lastBucket, interval) - lastBucket;
            elapsed = Math.Clamp((today - lastBucket + now.TimeOfDay.TotalDays) / bucketLength, 0.01, 1);
        }
        return new ViewWindow(p, window, chart, interval, elapsed, error);
    }

    /// <summary>
    /// The range form sends an inclusive <c>until</c> (what a visitor picks in a date field); pages link and cache the
    /// canonical exclusive <c>to</c> of the API. Redirects there when <paramref name="until"/> is present (a
    /// malformed one goes on as <c>to</c>, and the window's error names it). Navigating does not throw here
    /// (<c>BlazorDisableThrowNavigationException</c>): true when it redirected, and the page must then stop loading.
    /// It went on, found no <c>to</c> and could set 400 over the redirect: the range form showed "to must be a date"
    /// (in the published build, every time).
    /// </summary>
    public static bool RedirectToCanonicalRange(NavigationManager nav, string? until)
    {
        if (until is null) return false;
        var to = Days.TryParse(until, out var day) && day < Days.MaxDay ? Days.Format(day + 1) : until;
        nav.NavigateTo(nav.GetUriWithQueryParameters(new Dictionary<string, object?> { ["until"] = null, ["to"] = to, ["period"] = null, ["as_of"] = null }));
        return true;
    }

    public string From => Days.Format(Window.From);
    public string ToInclusive => Days.Format(Window.To - 1);

    public string Describe() => Window.Length == 1
        ? $"{From} (UTC)"
        : $"{From} to {ToInclusive} (UTC, {Window.Length} days)";

    /// <summary>Query string of the window for API links (from/to: exact and stable).</summary>
    public string ApiQuery => $"from={From}&to={Days.Format(Window.To)}";

    public string ChartApiQuery => $"from={Days.Format(ChartWindow.From)}&to={Days.Format(ChartWindow.To)}&interval={Interval.ToString().ToLowerInvariant()}";

    public static string Label(int bucket, Interval interval) =>
        interval == Interval.Month ? Days.ToDate(bucket).ToString("MMM yyyy", CultureInfo.InvariantCulture) : Days.ToDate(bucket).ToString("MMM d", CultureInfo.InvariantCulture);
}
