using RankingsWeb.Data;
using RankingsWeb.Jobs;

namespace RankingsWeb.Tests.Web.Jobs;

public class SchedulePollingTests
{
    [Theory]
    [InlineData(30, 5)]   // the default: the safety net runs at most 5 s late
    [InlineData(12, 2)]
    [InlineData(2, 1)]    // the tests' safety net: never slower than once a second
    [InlineData(1, 1)]
    [InlineData(0, 1)]    // clamped to 1 s, as the safety net itself is
    [InlineData(600, 5)]  // clamped to 59 s, and polling to 5 s
    public void Schedulers_PollASixthOfTheSafetyNet_Between1And5Seconds(int safetyNetSeconds, double pollingSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(pollingSeconds),
            JobsServiceCollectionExtensions.SchedulePolling(new RankingsOptions { FoldSafetyNetSeconds = safetyNetSeconds }));
}
