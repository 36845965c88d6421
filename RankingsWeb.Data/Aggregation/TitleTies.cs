namespace RankingsWeb.Data.Aggregation;

/// <summary>
/// What a write into <c>apps</c> does with a title exactly as recent as the one the app is named after (two titles sent
/// in the same millisecond). The fold takes it (<see cref="Take"/>): the later step wins. A re-fold reads again records
/// the fold already named the app from, and keeps the name (<see cref="Keep"/>): with unchanged rules it can then never
/// rename an app, and running it twice gives the same apps as once.
/// </summary>
public enum TitleTies { Take, Keep }

internal static class TitleTiesSql
{
    /// <summary>The comparison of a title's time with the app's <c>title_at</c> that lets the title in.</summary>
    public static string Newer(this TitleTies ties) => ties == TitleTies.Take ? ">=" : ">";
}
