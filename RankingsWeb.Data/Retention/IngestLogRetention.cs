using System.Data.Common;

namespace RankingsWeb.Data.Retention;

/// <summary>
/// The ingest log's part of a retention run, the same on both databases: rejected lines' text and the per-reason
/// counts of batches that arrived before <see cref="RetentionPolicy.OldestIngestLogArrivalDay"/> are deleted, at most
/// <see cref="RetentionPolicy.IngestLogStep"/> rows a statement, each statement its own short transaction (the caller
/// runs it where its database writes: SQLite's single writer, a PostgreSQL connection).
/// </summary>
public static class IngestLogRetention
{
    private const string DeleteLines = """
        DELETE FROM rejected_lines WHERE id IN (SELECT id FROM rejected_lines WHERE received_at < @cut ORDER BY received_at LIMIT @n)
        """;

    private const string DeleteCounts = """
        DELETE FROM rejection_counts WHERE (batch_id, reason) IN (SELECT batch_id, reason FROM rejection_counts WHERE received_at < @cut LIMIT @n)
        """;

    /// <summary>The start of a UTC day in Unix ms, as <c>received_at</c> counts.</summary>
    public static long CutMs(RetentionPolicy policy, int today) => policy.OldestIngestLogArrivalDay(today) * 86_400_000L;

    /// <summary>
    /// Deletes until nothing older than <paramref name="cutMs"/> is left; <paramref name="step"/> runs one statement in
    /// a transaction of its own and returns the rows it deleted. Returns the rejected lines deleted.
    /// </summary>
    public static async Task<long> RunAsync(long cutMs, Func<Func<DbConnection, DbCommand>, Task<int>> step, CancellationToken ct)
    {
        long lines = 0;
        foreach (var sql in new[] { DeleteLines, DeleteCounts })
        {
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                var n = await step(conn => RetentionCommand.Create(conn, sql, ("@cut", cutMs), ("@n", RetentionPolicy.IngestLogStep)));
                if (sql == DeleteLines) lines += n;
                if (n < RetentionPolicy.IngestLogStep) break;
            }
        }
        return lines;
    }
}
