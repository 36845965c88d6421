using Microsoft.EntityFrameworkCore;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Data.Analytics;

public sealed record ReceivedDay(int Day, long Accepted, long Duplicates, long Rejected, long Batches);

public sealed record ReasonDay(int Day, string Reason, long Count);

public sealed record RejectedLineRow(long Id, DateTimeOffset ReceivedAt, long BatchId, string BatchSource, int Line, string? RecordId, string Error, string Raw);

/// <summary>What analysts see of ingestion: what arrived, what was refused and why.</summary>
public sealed class IngestionHealthQueries(IDbContextFactory<RankingsDbContext> contexts)
{
    private const long DayMs = 86_400_000;

    public async Task<IReadOnlyList<ReceivedDay>> ReceivedAsync(int fromDay, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var since = fromDay * DayMs;
        var rows = await db.IngestBatches.AsNoTracking().Where(b => b.ReceivedAt >= since)
            .GroupBy(b => b.ReceivedAt / DayMs)
            .Select(g => new { Day = g.Key, A = g.Sum(b => (long)b.Accepted), D = g.Sum(b => (long)b.Duplicates), R = g.Sum(b => (long)b.Rejected), N = g.LongCount() })
            .ToListAsync(ct);
        return rows.Select(r => new ReceivedDay((int)r.Day, r.A, r.D, r.R, r.N)).OrderBy(r => r.Day).ToList();
    }

    /// <summary>Every rejected line, counted from <c>rejection_counts</c>: a batch keeps the text of only some of its lines.</summary>
    public async Task<IReadOnlyList<ReasonDay>> RejectedByReasonAsync(int fromDay, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var since = fromDay * DayMs;
        var rows = await db.RejectionCounts.AsNoTracking().Where(r => r.ReceivedAt >= since)
            .GroupBy(r => new { Day = r.ReceivedAt / DayMs, r.Reason })
            .Select(g => new { g.Key.Day, g.Key.Reason, N = g.Sum(r => r.Count) })
            .ToListAsync(ct);
        return rows.Select(r => new ReasonDay((int)r.Day, r.Reason, r.N)).OrderBy(r => r.Day).ThenByDescending(r => r.Count).ToList();
    }

    /// <summary>Newest first; <paramref name="beforeId"/> pages backwards.</summary>
    public async Task<IReadOnlyList<RejectedLineRow>> RejectedLinesAsync(string? reason, long? beforeId, int take, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = db.RejectedLines.AsNoTracking().AsQueryable();
        if (!string.IsNullOrEmpty(reason)) query = query.Where(r => r.Reason == reason);
        if (beforeId is { } before) query = query.Where(r => r.Id < before);
        var rows = await query.OrderByDescending(r => r.Id).Take(take)
            .Join(db.IngestBatches, r => r.BatchId, b => b.Id, (r, b) => new { r, b.Source })
            .ToListAsync(ct);
        return rows.Select(x => new RejectedLineRow(x.r.Id, DateTimeOffset.FromUnixTimeMilliseconds(x.r.ReceivedAt), x.r.BatchId, x.Source,
            x.r.Line, x.r.RecordId, x.r.Error, x.r.Raw)).OrderByDescending(r => r.Id).ToList();
    }

    public static int DaysAgo(TimeProvider clock, int days) => Days.Today(clock) - days + 1;
}
