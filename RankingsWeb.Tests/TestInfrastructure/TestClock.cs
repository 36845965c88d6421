namespace RankingsWeb.Tests.TestInfrastructure;

/// <summary>A wall clock the test sets (retention and re-fold count days by it); timestamps stay real.</summary>
public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
