namespace RankingsWeb.Data.Entities;

/// <summary>An analyst's named explorer view: the URL alone reproduces it.</summary>
public sealed class SavedView
{
    public long Id { get; set; }
    public required string OwnerId { get; set; }
    public required string OwnerName { get; set; }
    public required string Name { get; set; }
    /// <summary>Path and query of the explorer, e.g. <c>/analytics?metric=tokens&amp;group=apps</c>.</summary>
    public required string Url { get; set; }
    public long CreatedAt { get; set; }
}
