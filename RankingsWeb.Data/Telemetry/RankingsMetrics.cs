using System.Diagnostics.Metrics;
using RankingsWeb.Data.Ingestion;

namespace RankingsWeb.Data.Telemetry;

/// <summary>
/// Every instrument of the <c>RankingsWeb</c> meter, in one place. Made through <see cref="IMeterFactory"/>, so each
/// host has its own meter (tests can tell two apps in one process apart by <c>Meter.Scope</c>). With nothing listening
/// (no OTLP endpoint configured) every instrument is disabled and recording costs a field read.
/// </summary>
public sealed class RankingsMetrics
{
    public const string MeterName = "RankingsWeb";

    private readonly Counter<long> _ingestRecords;
    private readonly Counter<long> _ingestBytes;
    private readonly Counter<long> _foldRuns;
    private readonly Histogram<double> _foldDuration;
    private readonly Counter<long> _foldRecords;
    private readonly Counter<long> _publicCache;
    private readonly Counter<long> _signInFailures;
    private readonly FoldBacklog _backlog;

    public RankingsMetrics(IMeterFactory meters, FoldBacklog backlog)
    {
        _backlog = backlog;
        var meter = meters.Create(MeterName);
        _ingestRecords = meter.CreateCounter<long>("rankings.ingest.records", "{record}",
            "Records received for ingestion, by outcome (accepted, duplicate, rejected) and, for rejected ones, reason");
        _ingestBytes = meter.CreateCounter<long>("rankings.ingest.bytes", "By", "Bytes of ingest request bodies read");
        _foldRuns = meter.CreateCounter<long>("rankings.fold.runs", "{run}", "Fold runs finished (a run may fold nothing)");
        _foldDuration = meter.CreateHistogram("rankings.fold.duration", "s", "How long a fold run took",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });
        _foldRecords = meter.CreateCounter<long>("rankings.fold.records", "{record}", "Records folded into the rollups");
        meter.CreateObservableGauge("rankings.fold.pending", () => Observe(b => b.Pending), "{record}",
            "Accepted records not yet folded into the rollups (the whole database's, not this node's)");
        meter.CreateObservableGauge("rankings.fold.lag", () => Observe(b => b.LagSeconds), "s",
            "How long the oldest record not yet folded has waited; 0 when none waits");
        _publicCache = meter.CreateCounter<long>("rankings.public_cache.requests", "{request}",
            "Cacheable public requests (pages and read API), by result (hit, miss) and surface (page, api)");
        _signInFailures = meter.CreateCounter<long>("rankings.sign_in.failures", "{attempt}",
            "Failed sign-in attempts, by reason (credentials: wrong email or password; throttled: too many from one address)");
    }

    /// <summary>After a batch was committed: its records by outcome; rejected ones by reason class (<see cref="RejectionReasons.Classify"/>).</summary>
    public void RecordsCommitted(int accepted, int duplicates, IReadOnlyList<Rejection> rejections)
    {
        if (accepted > 0 || duplicates > 0) _backlog.Invalidate();
        if (!_ingestRecords.Enabled) return;
        if (accepted > 0) _ingestRecords.Add(accepted, new KeyValuePair<string, object?>("outcome", "accepted"));
        if (duplicates > 0) _ingestRecords.Add(duplicates, new KeyValuePair<string, object?>("outcome", "duplicate"));
        if (rejections.Count == 0) return;
        // The same count per reason the store keeps for the ingestion health page.
        foreach (var (reason, count) in RejectionReasons.ToStore(rejections, maxStored: 0).Counts)
            _ingestRecords.Add(count, new KeyValuePair<string, object?>("outcome", "rejected"), new KeyValuePair<string, object?>("reason", reason));
    }

    public void IngestBytesRead(long bytes)
    {
        if (bytes > 0) _ingestBytes.Add(bytes);
    }

    public void FoldRan(long recordsFolded, TimeSpan elapsed)
    {
        _backlog.Invalidate();
        _foldRuns.Add(1);
        _foldDuration.Record(elapsed.TotalSeconds);
        if (recordsFolded > 0) _foldRecords.Add(recordsFolded);
    }

    public void PublicCacheHit(bool page) => _publicCache.Add(1, Result("hit"), Surface(page));

    public void PublicCacheMiss(bool page) => _publicCache.Add(1, Result("miss"), Surface(page));

    public void SignInFailed(bool throttled) =>
        _signInFailures.Add(1, new KeyValuePair<string, object?>("reason", throttled ? "throttled" : "credentials"));

    private static KeyValuePair<string, object?> Result(string result) => new("result", result);

    private static KeyValuePair<string, object?> Surface(bool page) => new("surface", page ? "page" : "api");

    private IEnumerable<Measurement<T>> Observe<T>(Func<FoldBacklog.Snapshot, T> pick) where T : struct =>
        _backlog.Read() is { } b ? [new Measurement<T>(pick(b))] : [];
}
