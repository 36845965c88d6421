using Hangfire;
using RankingsWeb.Data.Aggregation;

namespace RankingsWeb.Jobs;

/// <summary>
/// Hangfire adapter for the fold. Reentrant and safe to run on several workers at once: PostgreSQL's fold
/// serializes itself with a transaction-scoped advisory lock, SQLite's checks its mark before it writes. So no
/// Hangfire distributed lock (<c>DisableConcurrentExecution</c>): a process killed while holding one left every
/// later fold waiting until the lock expired (ten minutes on Hangfire.PostgreSql). Within one process the
/// <see cref="FoldRunGuard"/> turns a second concurrent run into "go round once more" instead of a wait.
/// </summary>
public sealed class FoldJob(IRollupFolder folder, FoldRunGuard guard, ILogger<FoldJob> logger)
{
    public const string RecurringId = "fold-rollups";

    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [1, 2, 5, 10, 30])]
    public async Task RunAsync(CancellationToken ct)
    {
        // A fold already running here will pass once more after its current pass, so it folds whatever
        // this run was enqueued for.
        if (!guard.TryEnter()) return;
        try
        {
            do
            {
                var result = await folder.FoldAsync(ct);
                if (result.RecordsFolded > 0)
                    logger.LogInformation("Folded {Records} records in {Ms} ms (mark {Mark})", result.RecordsFolded,
                        (long)result.Elapsed.TotalMilliseconds, result.HighWaterSeq);
            }
            while (guard.GoAgain());
        }
        catch
        {
            guard.Exit(); // a pass asked for meanwhile is covered by Hangfire's retry of this job
            throw;
        }
    }
}

/// <summary>
/// One fold at a time in this process, without making the others wait: a run that finds one in progress
/// asks it for another pass and returns. Lock-free so an "again" request can never fall between the
/// runner's last check and its exit.
/// </summary>
public sealed class FoldRunGuard
{
    private const int Idle = 0, Running = 1, RunningAgain = 2;
    private int _state;

    public bool TryEnter()
    {
        while (true)
        {
            switch (Volatile.Read(ref _state))
            {
                case Idle when Interlocked.CompareExchange(ref _state, Running, Idle) == Idle: return true;
                case Running when Interlocked.CompareExchange(ref _state, RunningAgain, Running) == Running: return false;
                case RunningAgain: return false;
            }
        }
    }

    /// <summary>Called by the runner after a pass: true when another pass was asked for (and is now owed).</summary>
    public bool GoAgain()
    {
        while (true)
        {
            if (Interlocked.CompareExchange(ref _state, Running, RunningAgain) == RunningAgain) return true;
            if (Interlocked.CompareExchange(ref _state, Idle, Running) == Running) return false;
        }
    }

    /// <summary>
    /// From the trigger: when a fold runs in this process, owes it one more pass (which starts after this call, so
    /// it sees what was committed before) and answers true; false when none runs here.
    /// </summary>
    public bool TryRequestAnotherPass()
    {
        while (true)
        {
            switch (Volatile.Read(ref _state))
            {
                case Idle: return false;
                case RunningAgain: return true;
                case Running when Interlocked.CompareExchange(ref _state, RunningAgain, Running) == Running: return true;
            }
        }
    }

    public void Exit() => Volatile.Write(ref _state, Idle);

    public bool AnotherPassOwed => Volatile.Read(ref _state) == RunningAgain;
}
