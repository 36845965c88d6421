namespace RankingsWeb.Data.Entities;

/// <summary>Who listed or unlisted an app, when, and through what.</summary>
public sealed class ListingAudit
{
    public long Id { get; set; }
    public required string AppKey { get; set; }
    public bool Listed { get; set; }
    public required string ChangedBy { get; set; }
    public required string Via { get; set; }
    public long ChangedAt { get; set; }
}
