namespace RankingsWeb.Data.Entities;

/// <summary>SQLite only: every stored record's id, once, with the batch that stored it; an id found here makes a record a duplicate.</summary>
public sealed class RecordIdEntry
{
    public required string Id { get; set; }
    public long BatchId { get; set; }
}
