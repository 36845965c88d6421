using System.Globalization;

namespace RankingsWeb.Data.Queries;

/// <summary>How a window is cut into buckets: weeks start on Monday, months on the 1st.</summary>
public enum Interval { Day, Week, Month }

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
