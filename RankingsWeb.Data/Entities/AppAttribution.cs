namespace RankingsWeb.Data.Entities;

/// <summary>Daily attribution facts per app key: how records were attributed and under which title (folded with the rollups).</summary>
public sealed class AppAttribution
{
    public int Day { get; set; }
    public required string AppKey { get; set; }
    public AppSource Source { get; set; }
    public required string Title { get; set; }
    public long Requests { get; set; }
    public long Tokens { get; set; }
}
