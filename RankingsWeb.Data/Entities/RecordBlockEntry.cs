namespace RankingsWeb.Data.Entities;

/// <summary>
/// SQLite only: accepted records packed in arrival order (format: <see cref="Ingestion.RecordBlock"/>). The fold's
/// high-water mark runs over <see cref="Seq"/>.
/// </summary>
public sealed class RecordBlockEntry
{
    public long Seq { get; set; }
    public long BatchId { get; set; }
    public long Records { get; set; }
    public required byte[] Data { get; set; }
}
