using Xunit.Abstractions;
using System.Collections.Concurrent;
using Hangfire;
using Hangfire.Common;
using Hangfire.InMemory;
using Hangfire.States;
using Microsoft.Extensions.Logging.Abstractions;
using RankingsWeb.Jobs;

namespace RankingsWeb.Tests.Web.Jobs;

/// <summary>
/// The trigger on a node that runs no Hangfire server (NodeRoles=web,ingest): the jobs it enqueues are started by a
/// worker elsewhere, which the test plays by changing their state in the shared job store.
/// </summary>
public class FoldTriggerTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(50);

    /// <summary>Hand-written: the real client over an in-memory store, recording every job it creates.</summary>
    private sealed class TestJobClient(JobStorage storage) : IBackgroundJobClient
    {
        private readonly BackgroundJobClient _inner = new(storage);
        public ConcurrentQueue<string> Created { get; } = new();

        public string Create(Job job, IState state)
        {
            var id = _inner.Create(job, state);
            Created.Enqueue(id);
            return id;
        }

        public bool ChangeState(string jobId, IState state, string expectedState) => _inner.ChangeState(jobId, state, expectedState);
    }

    private static (InMemoryStorage Storage, TestJobClient Client, FoldTrigger Trigger) IngestOnlyNode()
    {
        // Hangfire's logging is global: an app host of an earlier test left it pointing at its disposed logger factory.
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        var storage = new InMemoryStorage();
        var client = new TestJobClient(storage);
        var trigger = new FoldTrigger(client, storage, TimeProvider.System, NullLogger<FoldTrigger>.Instance) { Window = Window };
        return (storage, client, trigger);
    }

    private static async Task WaitForJobsAsync(TestJobClient client, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (client.Created.Count < count && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.True(client.Created.Count >= count, $"expected {count} enqueued folds, saw {client.Created.Count}");
    }

    /// <summary>What a worker on another node records when it starts the job (Hangfire's own ProcessingState cannot be built outside it).</summary>
    private sealed class TestProcessingState : IState
    {
        public string Name => ProcessingState.StateName;
        public string? Reason => null;
        public bool IsFinal => false;
        public bool IgnoreJobLoadException => false;
        public Dictionary<string, string> SerializeData() => new() { ["ServerId"] = "worker-node", ["WorkerId"] = "worker-1" };
    }

    private static void StartedElsewhere(TestJobClient client, string jobId) =>
        Assert.True(client.ChangeState(jobId, new TestProcessingState(), EnqueuedState.StateName));

    [Fact]
    public async Task IngestOnlyNode_CommitAfterTheFoldStartedElsewhere_EnqueuesAgain()
    {
        var (_, client, trigger) = IngestOnlyNode();
        using var _ = trigger;
        trigger.RecordsCommitted(10);
        await WaitForJobsAsync(client, 1);

        // A worker on another node takes the job; nothing runs in this process.
        StartedElsewhere(client, client.Created.Single());
        await Task.Delay(Window * 3);
        trigger.RecordsCommitted(10);
        await WaitForJobsAsync(client, 2);

        // And it finished: the next commit is followed by a fold too.
        var second = client.Created.Last();
        StartedElsewhere(client, second);
        Assert.True(client.ChangeState(second, new SucceededState(null, 1, 1), ProcessingState.StateName));
        await Task.Delay(Window * 3);
        trigger.RecordsCommitted(10);
        await WaitForJobsAsync(client, 3);
    }

    [Fact]
    public async Task CommitsWhileAFoldRuns_AreFollowedByAnotherFold_EvenWithinTheWindow()
    {
        var (_, client, trigger) = IngestOnlyNode();
        using var _ = trigger;
        trigger.RecordsCommitted(10);
        await WaitForJobsAsync(client, 1);
        StartedElsewhere(client, client.Created.Single());
        // Right away, inside the window: the trailing enqueue at the window's end covers it.
        trigger.RecordsCommitted(10);
        await WaitForJobsAsync(client, 2);
    }

    [Fact]
    public async Task WorkerNode_CommitWhileItsOwnFoldRuns_AsksThatFoldForAnotherPass_NoNewJob()
    {
        Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
        var storage = new InMemoryStorage();
        var client = new TestJobClient(storage);
        var guard = new FoldRunGuard();
        using var trigger = new FoldTrigger(client, storage, TimeProvider.System, NullLogger<FoldTrigger>.Instance, guard) { Window = Window };
        Assert.True(guard.TryEnter()); // a fold job runs in this process
        trigger.RecordsCommitted(10);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && !guard.AnotherPassOwed) await Task.Delay(10);
        Assert.True(guard.GoAgain());
        Assert.Empty(client.Created);
        // That pass ended with nothing owed: the next commit enqueues a job as usual.
        Assert.False(guard.GoAgain());
        trigger.RecordsCommitted(10);
        await WaitForJobsAsync(client, 1);
    }

    [Fact]
    public async Task Burst_WhileTheQueuedFoldWaits_QueuesOneJob()
    {
        var (storage, client, trigger) = IngestOnlyNode();
        using var _ = trigger;
        var until = DateTime.UtcNow + Window * 8;
        var commits = 0;
        while (DateTime.UtcNow < until)
        {
            trigger.RecordsCommitted(1);
            commits++;
            await Task.Delay(2);
        }
        await WaitForJobsAsync(client, 1); // the first enqueue of a cold process can outlast the burst
        await Task.Delay(Window * 4);       // any trailing flush has looked by now
        Assert.Single(client.Created);
        Assert.Equal(1, storage.GetMonitoringApi().EnqueuedCount("default"));
        output.WriteLine($"{commits} commits over {Window.TotalMilliseconds * 8} ms queued 1 fold");
    }
}
