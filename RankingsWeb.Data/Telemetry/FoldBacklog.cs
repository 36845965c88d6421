using Microsoft.Extensions.Logging;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Data.Telemetry;

/// <summary>
/// The pending count and fold lag for the gauges: one query (<see cref="StatusQueries.BacklogAsync"/>) read at most
/// once per <see cref="MaxAge"/>, however many readers collect, so a scraper cannot turn the gauges into load on the
/// database (PostgreSQL counts the fold queue). A commit or fold on this node makes the next read fresh, so a collection
/// right after one sees it; other nodes' changes show within <see cref="MaxAge"/>.
/// </summary>
public sealed class FoldBacklog(StatusQueries status, TimeProvider clock, ILogger<FoldBacklog> logger)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    public sealed record Snapshot(long Pending, double LagSeconds);

    private readonly Lock _gate = new();
    private Snapshot? _last;
    private long _readAt;
    private volatile bool _stale = true;

    public void Invalidate() => _stale = true;

    /// <summary>Null when the database could not be read: the gauges then report nothing rather than a made-up value.</summary>
    public Snapshot? Read()
    {
        lock (_gate)
        {
            if (!_stale && _last is not null && clock.GetElapsedTime(_readAt) < MaxAge) return _last;
            _stale = false;
            try
            {
                // Collection callbacks are synchronous; they run on the exporter's thread (or a scrape's), never a request's.
                var (pending, oldest) = status.BacklogAsync().GetAwaiter().GetResult();
                var lag = oldest is null ? 0 : Math.Max(0, (clock.GetUtcNow() - oldest.Value).TotalSeconds);
                _last = new Snapshot(pending, lag);
            }
            catch (Exception e)
            {
                logger.LogDebug(e, "Fold backlog gauges: database not read");
                _last = null;
            }
            _readAt = clock.GetTimestamp();
            return _last;
        }
    }
}
