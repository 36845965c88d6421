namespace RankingsWeb.Data.Entities;

/// <summary>A line that failed validation, kept for analysts.</summary>
public sealed class RejectedLine
{
    public long Id { get; set; }
    public long BatchId { get; set; }
    public int Line { get; set; }
    public string? RecordId { get; set; }
    public required string Error { get; set; }
    /// <summary>The error with values taken out, so lines can be counted by reason.</summary>
    public string Reason { get; set; } = "";
    public required string Raw { get; set; }
    public long ReceivedAt { get; set; }
}
