using Hangfire;
using Hangfire.Storage.Monitoring;
using RankingsWeb.Data.Queries;
using RankingsWeb.Data.Retention;

namespace RankingsWeb.Jobs;

/// <summary>A re-fold job as the ingestion page lists it.</summary>
public sealed record RefoldRequest(string JobId, string From, string To, string RequestedBy, string State, DateTime? At, string? Detail);

/// <summary>
/// Re-folds asked for from the ingestion page: checked against retention at once (so a refused range is said on the
/// page, not found later in the dashboard), then run by a worker as a <see cref="RefoldJob"/>.
/// </summary>
public sealed class RefoldRequests(IBackgroundJobClient jobs, JobStorage storage, RetentionPolicy policy)
{
    /// <summary>The job's id; throws <see cref="RefoldRangeException"/> for a range that cannot be rebuilt.</summary>
    public string Enqueue(int fromDay, int toDay, string requestedBy)
    {
        policy.CheckRefoldRange(fromDay, toDay, policy.Today);
        return jobs.Enqueue<RefoldJob>(j => j.RunAsync(Days.Format(fromDay), Days.Format(toDay), requestedBy, CancellationToken.None));
    }

    /// <summary>The latest re-folds in any state, newest first (read from Hangfire's own lists: nothing else to keep).</summary>
    public IReadOnlyList<RefoldRequest> Recent(int count = 10)
    {
        var monitor = storage.GetMonitoringApi();
        var all = new List<RefoldRequest>();
        all.AddRange(From(monitor.EnqueuedJobs("default", 0, 100), j => j.Job, _ => "queued", j => j.EnqueuedAt, _ => null));
        all.AddRange(From(monitor.ProcessingJobs(0, 100), j => j.Job, _ => "running", j => j.StartedAt, _ => null));
        all.AddRange(From(monitor.SucceededJobs(0, 500), j => j.Job, _ => "done", j => j.SucceededAt, _ => null));
        all.AddRange(From(monitor.FailedJobs(0, 100), j => j.Job, _ => "failed", j => j.FailedAt, j => j.ExceptionMessage));
        return all.OrderByDescending(r => r.At).Take(count).ToList();
    }

    private static IEnumerable<RefoldRequest> From<T>(JobList<T> list, Func<T, Hangfire.Common.Job?> job, Func<T, string> state,
        Func<T, DateTime?> at, Func<T, string?> detail) =>
        list.Where(kv => job(kv.Value) is { } j && j.Type == typeof(RefoldJob) && j.Args.Count >= 3)
            .Select(kv =>
            {
                var args = job(kv.Value)!.Args;
                return new RefoldRequest(kv.Key, args[0]?.ToString() ?? "", args[1]?.ToString() ?? "", args[2]?.ToString() ?? "",
                    state(kv.Value), at(kv.Value), detail(kv.Value));
            });
}
