namespace RankingsWeb.Data.Postgres;

/// <summary>
/// The advisory lock keys, in one place so no two uses collide. Transaction-scoped and session-scoped advisory locks on
/// the same key conflict with each other, which the re-fold and retention rely on.
/// </summary>
internal static class PostgresLocks
{
    /// <summary>The fold's step (transaction-scoped); the re-fold and retention take it for a whole run (session-scoped).</summary>
    public const long Fold = 0x52616e6b; // "Rank"

    /// <summary>Ingest writers share it; moving the ingest epoch to a new day takes it exclusively (<see cref="PostgresIngestEpoch"/>).</summary>
    public const long Epoch = 0x52614570; // "RaEp"

    /// <summary>Creating and dropping partitions, so two nodes never race on the same DDL (<see cref="PostgresPartitions"/>).</summary>
    public const long Partitions = 0x52615061; // "RaPa"
}
