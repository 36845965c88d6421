using Hangfire;
using Hangfire.States;

namespace RankingsWeb.Jobs;

/// <summary>
/// Makes sure a fold starts soon after every commit, whichever node committed and whichever node runs the fold.
/// Commits only mark the trigger dirty; a timer enqueues the fold at most once per <see cref="Window"/> (the first
/// commit after a quiet spell at once, commits landing inside the window by one trailing enqueue at its end).
/// Nothing depends on the job running in this process: on an ingest-only node it never does. A burst still queues
/// one job: while the last job this node enqueued is still waiting in the queue it has not started folding, so it
/// will fold the new records too and nothing is enqueued. Once that job has started (or finished, or failed),
/// the next commit enqueues again: a fold that is running while records commit is followed by another — or, when
/// that fold runs in this very process, it is asked for one more pass instead (<see cref="FoldRunGuard"/>).
/// </summary>
public sealed class FoldTrigger : Data.Ingestion.IIngestNotifier, IDisposable
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);

    private readonly IBackgroundJobClient _jobs;
    private readonly JobStorage? _storage;
    private readonly FoldRunGuard? _localFold;
    private readonly TimeProvider _clock;
    private readonly ILogger<FoldTrigger> _logger;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private bool _dirty, _armed, _flushing;
    private long _nextAllowed;
    private string? _lastJobId;

    /// <param name="storage">Where to look up whether the last enqueued job is still waiting; without it every window enqueues.</param>
    /// <param name="localFold">On a worker: a fold running in this process is asked for another pass instead of a new job.</param>
    public FoldTrigger(IBackgroundJobClient jobs, JobStorage? storage, TimeProvider clock, ILogger<FoldTrigger> logger, FoldRunGuard? localFold = null)
    {
        _jobs = jobs;
        _storage = storage;
        _localFold = localFold;
        _clock = clock;
        _logger = logger;
        _timer = clock.CreateTimer(_ => Flush(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public TimeSpan Window { get; init; } = DefaultWindow;

    public void RecordsCommitted(int accepted)
    {
        lock (_gate)
        {
            _dirty = true;
            if (!_armed && !_flushing) Arm(); // otherwise the coming flush sees _dirty
        }
    }

    private void Arm()
    {
        _armed = true;
        var wait = _clock.GetElapsedTime(_clock.GetTimestamp(), _nextAllowed); // monotonic: a clock change cannot stall it
        _timer.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private void Flush()
    {
        lock (_gate)
        {
            _armed = false;
            if (!_dirty || _flushing) return;
            _dirty = false; // cleared before the enqueue: a commit from now on is followed by another flush
            _flushing = true;
        }
        var pause = Window;
        try
        {
            EnsureFoldQueued();
        }
        catch (Exception ex)
        {
            // The recurring run folds these records anyway; never fail an ingest over a missed trigger.
            _logger.LogWarning(ex, "Could not enqueue the fold; trying again in {Seconds} s", RetryAfterFailure.TotalSeconds);
            pause = RetryAfterFailure;
            lock (_gate) _dirty = true;
        }
        finally
        {
            lock (_gate)
            {
                _flushing = false;
                _nextAllowed = _clock.GetTimestamp() + (long)(pause.TotalSeconds * _clock.TimestampFrequency);
                if (_dirty) Arm();
            }
        }
    }

    private void EnsureFoldQueued()
    {
        // A worker ingesting as well (the single-node default) would otherwise create a job per window while a long
        // fold runs, each finding the fold busy.
        if (_localFold?.TryRequestAnotherPass() == true)
        {
            _logger.LogDebug("A fold is running here; it will make another pass");
            return;
        }
        if (_lastJobId is { } last && _storage is not null)
        {
            using var connection = _storage.GetConnection();
            // Still enqueued means no worker has started it: it reads the queue after this commit.
            if (connection.GetJobData(last)?.State == EnqueuedState.StateName)
            {
                _logger.LogDebug("Fold {JobId} is still queued; it will fold the new records", last);
                return;
            }
        }
        _lastJobId = _jobs.Enqueue<FoldJob>(job => job.RunAsync(CancellationToken.None));
        _logger.LogDebug("Enqueued fold {JobId}", _lastJobId);
    }

    public void Dispose() => _timer.Dispose();
}
