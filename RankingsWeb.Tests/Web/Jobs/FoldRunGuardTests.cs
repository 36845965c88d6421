using RankingsWeb.Jobs;

namespace RankingsWeb.Tests.Web.Jobs;

public class FoldRunGuardTests
{
    [Fact]
    public async Task SecondRunWhileOneRuns_AsksForAnotherPassInstead()
    {
        var guard = new FoldRunGuard();
        Assert.True(guard.TryEnter());
        Assert.False(guard.TryEnter());
        Assert.False(guard.TryEnter());
        Assert.True(guard.GoAgain());  // two requests while running collapse into one more pass
        Assert.False(guard.GoAgain());
        Assert.True(guard.TryEnter());
        guard.Exit();

        // Many concurrent runs: never two passes at once, and no request falls between a pass and the exit.
        var inside = 0;
        var maxInside = 0;
        var requests = 0L;
        var lastPassSawRequests = 0L;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                Interlocked.Increment(ref requests);
                if (!guard.TryEnter()) continue;
                do
                {
                    InterlockedMax(ref maxInside, Interlocked.Increment(ref inside));
                    Interlocked.Exchange(ref lastPassSawRequests, Interlocked.Read(ref requests));
                    await Task.Yield();
                    Interlocked.Decrement(ref inside);
                }
                while (guard.GoAgain());
            }
        })));
        Assert.Equal(1, maxInside);
        // Every request was followed by a pass that started after it: the last pass saw all of them.
        Assert.Equal(8 * 500, Interlocked.Read(ref lastPassSawRequests));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
