using System.Data.Common;
using RankingsWeb.Data.Demo;

namespace RankingsWeb.Data.Retention;

/// <summary>
/// The batches' part of a retention run, one statement on both databases: an <c>ingest_batches</c> row (one per
/// request) goes once no reader's answer depends on it. That is, all of:
/// <list type="bullet">
/// <item>it arrived before <see cref="RetentionPolicy.OldestBatchArrivalDay"/>: older than raw records, ids and
/// rejected lines are kept, and than the ingestion page's 30 days;</item>
/// <item>the store says it is released (<c>released</c>, a condition on <c>b</c>): fully folded, and no raw record,
/// block or id list dated by it is left — the pending count, the oldest pending arrival, PostgreSQL's fold step bounds
/// and SQLite's block retention read batches for exactly those;</item>
/// <item>no rejected line or per-reason count refers to it (the rejected lines' list shows the batch's source);</item>
/// <item>it is not the one the demo-data badge rests on: the newest batch with records from anything but the seeder,
/// else the newest with records from the seeder (<see cref="DemoDataQueries"/> asks whether either exists). Two probes
/// down the primary key, not a row kept per source: sources are client addresses, so that would grow without bound.</item>
/// </list>
/// At most <c>stepRows</c> rows a statement, each statement its own short transaction (the caller runs it where its
/// database writes), oldest first; a run killed between statements is finished by the next.
/// </summary>
public static class BatchRetention
{
    private static string Delete(string released) => $"""
        DELETE FROM ingest_batches WHERE id IN (
          SELECT b.id FROM ingest_batches b
          WHERE b.received_at < @cut AND ({released})
            AND b.id <> COALESCE(
              (SELECT id FROM ingest_batches WHERE source <> @demo AND accepted > 0 ORDER BY id DESC LIMIT 1),
              (SELECT id FROM ingest_batches WHERE source = @demo AND accepted > 0 ORDER BY id DESC LIMIT 1), -1)
            AND NOT EXISTS (SELECT 1 FROM rejected_lines r WHERE r.batch_id = b.id)
            AND NOT EXISTS (SELECT 1 FROM rejection_counts c WHERE c.batch_id = b.id)
          ORDER BY b.received_at LIMIT @n)
        """;

    /// <summary>The start of a UTC day in Unix ms, as <c>received_at</c> counts.</summary>
    public static long CutMs(RetentionPolicy policy, int today) => policy.OldestBatchArrivalDay(today) * 86_400_000L;

    /// <summary>
    /// Deletes released batches received before <paramref name="cutMs"/> until none is left; <paramref name="step"/>
    /// runs one statement in a transaction of its own and returns the rows it deleted. Returns the batches deleted.
    /// </summary>
    public static async Task<long> RunAsync(long cutMs, string released, int stepRows,
        Func<Func<DbConnection, DbCommand>, Task<int>> step, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stepRows, 1);
        var sql = Delete(released);
        long dropped = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var n = await step(conn => RetentionCommand.Create(conn, sql, ("@cut", cutMs), ("@n", stepRows), ("@demo", DemoDataSeeder.Source)));
            dropped += n;
            if (n < stepRows) return dropped;
        }
    }
}
