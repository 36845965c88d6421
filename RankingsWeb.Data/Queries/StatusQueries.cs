namespace RankingsWeb.Data.Queries;

public sealed record StatusRow(long Records, long Pending, DateTimeOffset? LastAggregatedAt, long LastRunMs);

/// <param name="queued">PostgreSQL: pending records are the fold queue, not the rows above a mark.</param>
public sealed class StatusQueries(IReadConnections connections, bool queued = false)
{
    public async Task<StatusRow> GetAsync(CancellationToken ct = default)
    {
        await using var conn = await connections.OpenReadAsync(ct);
        await using var cmd = conn.CreateCommand();
        // One statement: one snapshot, so records = folded + pending holds at every instant.
        cmd.CommandText = """
            SELECT s.folded_records, s.last_aggregated_at, s.last_run_ms,
                   (SELECT COALESCE(SUM(b.records), 0) FROM record_blocks b WHERE b.seq > s.high_water_seq)
            FROM aggregation_state s WHERE s.id = 1
            """;
        if (queued) cmd.CommandText = "SELECT s.folded_records, s.last_aggregated_at, s.last_run_ms, (SELECT COUNT(*) FROM fold_queue) FROM aggregation_state s WHERE s.id = 1";
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return new StatusRow(0, 0, null, 0);
        var pending = r.GetInt64(3);
        DateTimeOffset? last = r.IsDBNull(1) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1));
        return new StatusRow(r.GetInt64(0) + pending, pending, last, r.GetInt64(2));
    }
}
