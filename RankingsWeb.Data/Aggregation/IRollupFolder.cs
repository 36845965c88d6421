namespace RankingsWeb.Data.Aggregation;

/// <summary>What one fold run did: records folded, the mark it reached, transactions committed, time taken.</summary>
public sealed record FoldResult(long RecordsFolded, long HighWaterSeq, int Transactions, TimeSpan Elapsed);

/// <summary>Folds newly accepted records into the daily rollups, exactly once (<c>Sqlite/SqliteRollupFolder</c>, <c>Postgres/PostgresRollupFolder</c>).</summary>
public interface IRollupFolder
{
    /// <summary>Records a fold step takes at most (whole blocks on SQLite): bounds a step's memory and transaction.</summary>
    const int DefaultStepSize = 250_000;

    Task<FoldResult> FoldAsync(CancellationToken ct);
}
