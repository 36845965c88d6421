namespace RankingsWeb.Data.Entities;

/// <summary>An app seen in the data (or unlisted before its first record).</summary>
public sealed class AppEntry
{
    public required string Key { get; set; }
    public required string DisplayName { get; set; }
    /// <summary>created_at of the record whose title is the display name.</summary>
    public long TitleAt { get; set; }
    public long FirstSeen { get; set; }
    public long LastSeen { get; set; }
    public bool Listed { get; set; } = true;
    public long? ListedChangedAt { get; set; }
}
