using System.Diagnostics;

namespace RankingsWeb.Data.Telemetry;

/// <summary>
/// The <c>RankingsWeb</c> activity source: spans for ingestion (parse and append) and fold runs. Static, as activity
/// sources are (there is no factory); without a listener <see cref="ActivitySource.StartActivity(string, ActivityKind)"/>
/// answers null and the tags are never set.
/// </summary>
public static class RankingsActivities
{
    public const string SourceName = "RankingsWeb";

    public static readonly ActivitySource Source = new(SourceName);

    public const string Accepted = "rankings.records.accepted";
    public const string Duplicates = "rankings.records.duplicate";
    public const string Rejected = "rankings.records.rejected";
    public const string Folded = "rankings.records.folded";
}
