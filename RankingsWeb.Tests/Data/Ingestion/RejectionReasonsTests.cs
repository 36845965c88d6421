using RankingsWeb.Data.Ingestion;

namespace RankingsWeb.Tests.Data.Ingestion;

/// <summary>The one rejection-reason classifier: the health page, the stored counts and the import summary all count by it.</summary>
public class RejectionReasonsTests
{
    [Theory]
    [InlineData("model 'Bad Model!' must be author/slug with an optional :variant, each 1-100 characters of a-z0-9._-",
        "model '…' must be author/slug with an optional :variant, each 1-100 characters of a-z0-9._-")]
    [InlineData("tokens_prompt must be an integer from 0 to 1,000,000,000 (got -5)", "tokens_prompt must be an integer from 0 to 1,000,000,000")]
    [InlineData("id must be 1-128 characters (got 300)", "id must be 1-128 characters")]
    [InlineData("created_at '2026-13-01' is not an RFC 3339 timestamp with an offset or Z (2026-11-28T12:00:00Z)",
        "created_at '…' is not an RFC 3339 timestamp with an offset or Z (…")]
    [InlineData("malformed JSON: 'x' is an invalid start of a value. LineNumber: 0 | BytePositionInLine: 0.", "malformed JSON")]
    [InlineData("app_url 'javascript:x' is not an http(s) URL with a host; category 'A B' must be 1-40 characters of a-z0-9- after lower-casing",
        "app_url '…' is not an http(s) URL with a host")]
    public void Classify_TakesTheValuesOut_KeepsTheFirstRule(string error, string reason) =>
        Assert.Equal(reason, RejectionReasons.Classify(error));

    [Fact]
    public void Classify_LongMessage_CutAt120Characters() =>
        Assert.Equal(new string('x', 120), RejectionReasons.Classify(new string('x', 500)));

    [Fact]
    public void ToStore_KeepsTheFirstLines_CountsEveryLineByReason()
    {
        var rejections = new[]
        {
            new Rejection(1, "a", "id must be 1-128 characters (got 300)", "{}"),
            new Rejection(2, "b", "model 'X' must be author/slug with an optional :variant, each 1-100 characters of a-z0-9._-", "{}"),
            new Rejection(3, "c", "id must be 1-128 characters (got 129)", "{}"),
            new Rejection(4, null, "malformed JSON: end of data", "{"),
        };
        var stored = RejectionReasons.ToStore(rejections, maxStored: 2);
        Assert.Equal([(1, "id must be 1-128 characters"), (2, "model '…' must be author/slug with an optional :variant, each 1-100 characters of a-z0-9._-")],
            stored.Lines.Select(l => (l.Line.Line, l.Reason)));
        Assert.Equal(
            [("id must be 1-128 characters", 2L), ("malformed JSON", 1L), ("model '…' must be author/slug with an optional :variant, each 1-100 characters of a-z0-9._-", 1L)],
            stored.Counts.OrderBy(c => c.Reason, StringComparer.Ordinal));
    }
}
