namespace RankingsWeb.Data.Ingestion;

public sealed record AppendResult(long BatchId, int Accepted, int Duplicates, int Rejected);

/// <summary>Durable append of validated records and rejected lines.</summary>
public interface IUsageStore
{
    /// <summary>Commits records (ignoring ids already stored) and rejections in one transaction; returns after the commit.</summary>
    Task<AppendResult> AppendAsync(string source, IReadOnlyList<ValidRecord> records, IReadOnlyList<Rejection> rejections, CancellationToken ct);
}
