using System.Text;
using RankingsWeb.Data.Ingestion;

namespace RankingsWeb.Tests.Data.Ingestion;

/// <summary>
/// Contract v1.1's <c>requests</c> and <c>tool_calls</c>: a record may sum many generations, and every other bound is
/// then per generation. Each boundary is tested on both sides.
/// </summary>
public class RecordParserRequestsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    private static (ValidRecord? Record, Rejection? Rejection) Parse(string fields) =>
        RecordParser.Parse(Encoding.UTF8.GetBytes(
            "{\"id\":\"a\",\"created_at\":\"2026-11-27T10:00:00Z\",\"model\":\"a/b\"," + fields + "}"), 3, Now);

    [Fact]
    public void Absent_DefaultsToOneRequestNoToolCalls()
    {
        var (record, _) = Parse("\"tokens_prompt\":1,\"tokens_completion\":1");
        Assert.Equal((1L, 0L), (record!.Requests, record.ToolCalls));
    }

    [Fact]
    public void Null_DefaultsToOneRequestNoToolCalls()
    {
        var (record, _) = Parse("\"tokens_prompt\":1,\"tokens_completion\":1,\"requests\":null,\"tool_calls\":null");
        Assert.Equal((1L, 0L), (record!.Requests, record.ToolCalls));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(1_000_000_000)]
    public void Requests_InRange_Kept(long requests)
    {
        var (record, rejection) = Parse($"\"tokens_prompt\":1,\"tokens_completion\":1,\"requests\":{requests}");
        Assert.Null(rejection);
        Assert.Equal(requests, record!.Requests);
    }

    [Theory]
    [InlineData("0", "requests must be an integer from 1 to 1,000,000,000 (got 0)")]
    [InlineData("1000000001", "requests must be an integer from 1 to 1,000,000,000 (got 1000000001)")]
    [InlineData("-1", "requests must be an integer from 1 to 1,000,000,000 (got -1)")]
    [InlineData("2.5", "requests must be an integer from 1 to 1,000,000,000 (got 2.5)")]
    [InlineData("1e30", "requests must be an integer from 1 to 1,000,000,000")]
    [InlineData("\"5\"", "requests must be an integer")]
    [InlineData("true", "requests must be an integer")]
    [InlineData("[1]", "requests must be an integer")]
    public void Requests_Broken_RejectedWithReason(string value, string expected)
    {
        var (record, rejection) = Parse($"\"tokens_prompt\":1,\"tokens_completion\":1,\"requests\":{value}");
        Assert.Null(record);
        Assert.Contains(expected, rejection!.Error);
        Assert.Equal((3, "a"), (rejection.Line, rejection.Id));
    }

    [Theory]
    [InlineData("tokens_prompt")]
    [InlineData("tokens_completion")]
    public void Tokens_UpToBillionTimesRequests_Accepted_OneAbove_Rejected(string field)
    {
        const long requests = 7;
        string Line(long v) => field == "tokens_prompt"
            ? $"\"tokens_prompt\":{v},\"tokens_completion\":0,\"requests\":{requests}"
            : $"\"tokens_prompt\":0,\"tokens_completion\":{v},\"requests\":{requests}";
        var (ok, _) = Parse(Line(7_000_000_000));
        Assert.NotNull(ok);
        var (_, rejection) = Parse(Line(7_000_000_001));
        Assert.Equal($"{field} must be an integer from 0 to 1,000,000,000 × requests (got 7000000001 with requests 7)", rejection!.Error);
    }

    [Fact]
    public void Tokens_AtTheLargestScale_Accepted_OneAbove_Rejected()
    {
        const long max = 1_000_000_000L * 1_000_000_000L;
        var (record, rejection) = Parse($"\"tokens_prompt\":{max},\"tokens_completion\":{max},\"tokens_reasoning\":{max},\"tokens_cached\":{max},\"tool_calls\":{max},\"requests\":1000000000");
        Assert.Null(rejection);
        Assert.Equal((max, max, max, max, max, 1_000_000_000L),
            (record!.TokensPrompt, record.TokensCompletion, record.TokensReasoning, record.TokensCached, record.ToolCalls, record.Requests));

        var (_, above) = Parse($"\"tokens_prompt\":1,\"tokens_completion\":1,\"tokens_reasoning\":1,\"tokens_cached\":{max + 1},\"requests\":1000000000");
        Assert.Contains("tokens_cached must be an integer from 0 to 1,000,000,000 × requests", above!.Error);
    }

    [Fact]
    public void Tokens_AboveOneBillion_WithoutRequests_RejectedAsBefore()
    {
        var (_, rejection) = Parse("\"tokens_prompt\":1000000001,\"tokens_completion\":1");
        Assert.Equal("tokens_prompt must be an integer from 0 to 1,000,000,000 (got 1000000001)", rejection!.Error);
    }

    [Fact]
    public void ReasoningAndCachedBounds_StillRelative()
    {
        var (_, rejection) = Parse("\"tokens_prompt\":10,\"tokens_completion\":2000000000,\"tokens_reasoning\":2000000001,\"tokens_cached\":11,\"requests\":3");
        Assert.Contains("tokens_reasoning (2000000001) exceeds tokens_completion (2000000000)", rejection!.Error);
        Assert.Contains("tokens_cached (11) exceeds tokens_prompt (10)", rejection.Error);
    }

    [Theory]
    [InlineData(1, 0, true)]
    [InlineData(1, 1_000_000_000, true)]
    [InlineData(1, 1_000_000_001, false)]
    [InlineData(4, 4_000_000_000, true)]
    [InlineData(4, 4_000_000_001, false)]
    public void ToolCalls_BoundedByBillionTimesRequests(long requests, long toolCalls, bool accepted)
    {
        var (record, rejection) = Parse($"\"tokens_prompt\":1,\"tokens_completion\":1,\"requests\":{requests},\"tool_calls\":{toolCalls}");
        Assert.Equal(accepted, record is not null);
        if (accepted) Assert.Equal(toolCalls, record!.ToolCalls);
        else Assert.StartsWith("tool_calls must be an integer from 0 to 1,000,000,000", rejection!.Error);
    }

    [Theory]
    [InlineData("-1", "tool_calls must be an integer from 0 to 1,000,000,000 (got -1)")]
    [InlineData("1.5", "tool_calls must be an integer from 0 to 1,000,000,000 (got 1.5)")]
    [InlineData("\"3\"", "tool_calls must be an integer")]
    [InlineData("{}", "tool_calls must be an integer")]
    public void ToolCalls_Broken_RejectedWithReason(string value, string expected)
    {
        var (record, rejection) = Parse($"\"tokens_prompt\":1,\"tokens_completion\":1,\"tool_calls\":{value}");
        Assert.Null(record);
        Assert.Equal(expected, rejection!.Error);
    }

    [Fact]
    public void Cost_UpToMillionTimesRequests_Accepted_Above_Rejected()
    {
        var (record, _) = Parse("\"tokens_prompt\":1,\"tokens_completion\":1,\"requests\":3,\"cost\":3000000");
        Assert.Equal(3_000_000_000_000_000L, record!.CostNanos);
        var (_, rejection) = Parse("\"tokens_prompt\":1,\"tokens_completion\":1,\"requests\":3,\"cost\":3000000.000000001");
        Assert.Equal("cost must be a number from 0 to 1,000,000 USD × requests (got 3000000.000000001 with requests 3)", rejection!.Error);
    }

    [Fact]
    public void Cost_AboveWhatOneRecordStores_RejectedWithItsOwnReason()
    {
        // 1,000,000 × 10,000 requests is within the contract but past a 64-bit count of nano-USD.
        var (ok, _) = Parse("\"tokens_prompt\":1,\"tokens_completion\":1,\"requests\":10000,\"cost\":9000000000");
        Assert.Equal(9_000_000_000_000_000_000L, ok!.CostNanos);
        var (_, rejection) = Parse("\"tokens_prompt\":1,\"tokens_completion\":1,\"requests\":10000,\"cost\":9000000000.5");
        Assert.Equal("cost must be at most 9,000,000,000 USD in one record, the most its storage holds exactly (got 9000000000.5)", rejection!.Error);
    }

    [Fact]
    public void BrokenRequests_ListedWithTheOtherReasons()
    {
        var (_, rejection) = Parse("\"tokens_prompt\":-1,\"tokens_completion\":1,\"requests\":0");
        Assert.Contains("requests must be an integer from 1 to 1,000,000,000 (got 0)", rejection!.Error);
        Assert.Contains("tokens_prompt must be an integer from 0 to 1,000,000,000 (got -1)", rejection.Error);
    }

    [Theory]
    [InlineData("requests must be an integer from 1 to 1,000,000,000 (got 0)", "requests must be an integer from 1 to 1,000,000,000")]
    [InlineData("tokens_prompt must be an integer from 0 to 1,000,000,000 × requests (got 7000000001 with requests 7)", "tokens_prompt must be an integer from 0 to 1,000,000,000 × requests")]
    [InlineData("cost must be a number from 0 to 1,000,000 USD × requests (got 5 with requests 3)", "cost must be a number from 0 to 1,000,000 USD × requests")]
    public void Reasons_ClassifyWithoutTheirValues(string error, string reason) =>
        Assert.Equal(reason, RejectionReasons.Classify(error));
}
