namespace RankingsWeb.Data.Entities;

/// <summary>
/// The listing version's single row: moves in the same transaction as every change to which apps the public sees
/// (a listing, an alias decision), so every node's cache keys change the moment the change commits.
/// </summary>
public sealed class ListingVersion
{
    public int Id { get; set; }
    public long Version { get; set; }
}
