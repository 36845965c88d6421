using RankingsWeb.Caching;

namespace RankingsWeb.Tests.Web.Caching;

/// <summary>Every caller gets a read that started after it called; a burst shares one.</summary>
public class CoalescedReadTests
{
    /// <summary>A read the test finishes by hand; each one returns its own number.</summary>
    private sealed class ManualReads
    {
        public List<TaskCompletionSource<int>> Started { get; } = [];

        public Task<int> ReadAsync(CancellationToken ct)
        {
            lock (Started)
            {
                var read = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
                Started.Add(read);
                return read.Task;
            }
        }

        public void Finish(int index) => Started[index].SetResult(index);

        public async Task WaitForAsync(int count)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (Started.Count < count)
            {
                Assert.True(DateTime.UtcNow < deadline, $"{count} reads expected, {Started.Count} started");
                await Task.Delay(5);
            }
        }
    }

    [Fact]
    public async Task CallersDuringARead_ShareTheNextRead_NotTheRunningOne()
    {
        var reads = new ManualReads();
        var coalesced = new CoalescedRead<int>(reads.ReadAsync);
        var first = coalesced.ReadAsync();
        await reads.WaitForAsync(1);
        var burst = Enumerable.Range(0, 50).Select(_ => coalesced.ReadAsync()).ToList();

        reads.Finish(0);
        Assert.Equal(0, await first);
        await reads.WaitForAsync(2);
        Assert.All(burst, t => Assert.False(t.IsCompleted));
        var late = coalesced.ReadAsync(); // arrives during the second read: waits for a third

        reads.Finish(1);
        Assert.All(await Task.WhenAll(burst), n => Assert.Equal(1, n));
        await reads.WaitForAsync(3);
        Assert.False(late.IsCompleted);
        reads.Finish(2);
        Assert.Equal(2, await late);
        Assert.Equal(3, reads.Started.Count);
    }

    [Fact]
    public async Task FailedRead_FailsItsCallersOnly()
    {
        var calls = 0;
        var coalesced = new CoalescedRead<int>(_ => ++calls == 1 ? Task.FromException<int>(new InvalidOperationException("down")) : Task.FromResult(calls));
        await Assert.ThrowsAsync<InvalidOperationException>(coalesced.ReadAsync);
        Assert.Equal(2, await coalesced.ReadAsync());
    }
}
