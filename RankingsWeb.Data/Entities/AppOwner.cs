namespace RankingsWeb.Data.Entities;

/// <summary>An app owner: a user who may see and list/unlist an app (assigned by an admin).</summary>
public sealed class AppOwner
{
    public required string AppKey { get; set; }
    public required string UserId { get; set; }
    public required string UserName { get; set; }
    public long AssignedAt { get; set; }
}
