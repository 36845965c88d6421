namespace RankingsWeb.Data.Entities;

/// <summary>Another key of the same app (a second URL, an old title). Approved aliases count as the app everywhere.</summary>
public sealed class AppAlias
{
    public required string AliasKey { get; set; }
    public required string AppKey { get; set; }
    public AliasStatus Status { get; set; }
    public required string RequestedBy { get; set; }
    public long RequestedAt { get; set; }
    public string? DecidedBy { get; set; }
    public long? DecidedAt { get; set; }
}
