namespace RankingsWeb.Data.Queries;

public sealed record StatusRow(long Records, long Pending, DateTimeOffset? LastAggregatedAt, long LastRunMs);

/// <summary>
/// How the provider counts accepted records not yet folded: a scalar subquery that may read the fold's state row as
/// <c>s</c> (<c>aggregation_state</c>).
/// </summary>
public interface IPendingCount
{
    string Subquery { get; }

    /// <summary>A scalar subquery: when the oldest record not yet folded arrived (its batch's <c>received_at</c>), NULL when none waits.</summary>
    string OldestPendingSubquery { get; }
}

public sealed class StatusQueries(IReadConnections connections, IPendingCount pending)
{
    public async Task<StatusRow> GetAsync(CancellationToken ct = default)
    {
        await using var conn = await connections.OpenReadAsync(ct);
        await using var cmd = conn.CreateCommand();
        // One statement: one snapshot, so records = folded + pending holds at every instant.
        cmd.CommandText = $"SELECT s.folded_records, s.last_aggregated_at, s.last_run_ms, {pending.Subquery} FROM aggregation_state s WHERE s.id = 1";
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return new StatusRow(0, 0, null, 0);
        var count = r.GetInt64(3);
        DateTimeOffset? last = r.IsDBNull(1) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1));
        return new StatusRow(r.GetInt64(0) + count, count, last, r.GetInt64(2));
    }

    /// <summary>When the oldest accepted record still waiting for the fold arrived; null when none waits (the fold lag's start).</summary>
    public async Task<DateTimeOffset?> OldestPendingAsync(CancellationToken ct = default)
    {
        await using var conn = await connections.OpenReadAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = $"SELECT {pending.OldestPendingSubquery} FROM aggregation_state s WHERE s.id = 1";
        return await cmd.ExecuteScalarAsync(ct) is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    /// <summary>The records waiting for the fold and when the oldest of them arrived, in one statement (the telemetry gauges).</summary>
    public async Task<(long Pending, DateTimeOffset? OldestPending)> BacklogAsync(CancellationToken ct = default)
    {
        await using var conn = await connections.OpenReadAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = $"SELECT {pending.Subquery}, {pending.OldestPendingSubquery} FROM aggregation_state s WHERE s.id = 1";
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return (0, null);
        return (r.GetInt64(0), r.IsDBNull(1) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)));
    }
}
