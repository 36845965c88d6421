using System.Text;
using RankingsWeb.Data.Entities;
using RankingsWeb.Data.Ingestion;

namespace RankingsWeb.Tests.Data.Ingestion;

public class RecordParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private const string Base = "\"id\":\"a1\",\"created_at\":\"2026-11-27T10:00:00Z\",\"model\":\"anthropic/claude-sonnet-4\",\"tokens_prompt\":100,\"tokens_completion\":50";

    private static (ValidRecord? Record, Rejection? Rejection) Parse(string json) => RecordParser.Parse(Encoding.UTF8.GetBytes(json), 7, Now);

    [Theory]
    [InlineData("[1,2]", "line is not a JSON object")]
    [InlineData("\"text\"", "line is not a JSON object")]
    [InlineData("{\"id\":", "malformed JSON")]
    [InlineData("{\"id\":\"x\"} {}", "unexpected content after the JSON object")]
    [InlineData("{" + "\"created_at\":\"2026-11-27T10:00:00Z\",\"model\":\"a/b\",\"tokens_prompt\":1,\"tokens_completion\":1}", "id is required")]
    [InlineData("{\"id\":5,\"created_at\":\"2026-11-27T10:00:00Z\",\"model\":\"a/b\",\"tokens_prompt\":1,\"tokens_completion\":1}", "id must be a string")]
    [InlineData("{\"id\":\"\",\"created_at\":\"2026-11-27T10:00:00Z\",\"model\":\"a/b\",\"tokens_prompt\":1,\"tokens_completion\":1}", "id must be 1-128 characters (got 0)")]
    [InlineData("{\"id\":\"a\",\"model\":\"a/b\",\"tokens_prompt\":1,\"tokens_completion\":1}", "created_at is required")]
    [InlineData("{\"id\":\"a\",\"created_at\":\"2026-11-27 10:00\",\"model\":\"a/b\",\"tokens_prompt\":1,\"tokens_completion\":1}", "is not an RFC 3339 timestamp")]
    [InlineData("{\"id\":\"a\",\"created_at\":\"2026-11-27T10:00:00\",\"model\":\"a/b\",\"tokens_prompt\":1,\"tokens_completion\":1}", "is not an RFC 3339 timestamp")]
    [InlineData("{\"id\":\"a\",\"created_at\":\"2026-02-30T10:00:00Z\",\"model\":\"a/b\",\"tokens_prompt\":1,\"tokens_completion\":1}", "is not an RFC 3339 timestamp")]
    [InlineData("{\"id\":\"a\",\"created_at\":\"2026-11-29T12:00:01Z\",\"model\":\"a/b\",\"tokens_prompt\":1,\"tokens_completion\":1}", "is more than 1 day in the future")]
    [InlineData("{\"id\":\"a\",\"created_at\":\"2026-11-27T10:00:00Z\",\"tokens_prompt\":1,\"tokens_completion\":1}", "model is required")]
    [InlineData("{\"id\":\"a\",\"created_at\":\"2026-11-27T10:00:00Z\",\"model\":\"a/b\",\"provider\":\"ppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp\",\"tokens_prompt\":1,\"tokens_completion\":1}", "provider must give a provider key of at most 100 characters")]
    [InlineData("{\"id\":\"a\",\"created_at\":\"2026-11-27T10:00:00Z\",\"model\":\"a/b\",\"provider\":\"-----------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------------\",\"tokens_prompt\":1,\"tokens_completion\":1}", "provider must give a provider key of at most 100 characters")]
    [InlineData("{\"id\":\"a\",\"created_at\":\"2026-11-27T10:00:00Z\",\"model\":\"claude\",\"tokens_prompt\":1,\"tokens_completion\":1}", "must be author/slug")]
    [InlineData("{\"id\":\"a\",\"created_at\":\"2026-11-27T10:00:00Z\",\"model\":\"a/b c\",\"tokens_prompt\":1,\"tokens_completion\":1}", "must be author/slug")]
    [InlineData("{\"id\":\"a\",\"created_at\":\"2026-11-27T10:00:00Z\",\"model\":\"a/b:\",\"tokens_prompt\":1,\"tokens_completion\":1}", "must be author/slug")]
    [InlineData("{\"id\":\"a\",\"created_at\":\"2026-11-27T10:00:00Z\",\"model\":\"/b\",\"tokens_prompt\":1,\"tokens_completion\":1}", "must be author/slug")]
    [InlineData("{\"id\":\"a\",\"created_at\":\"2026-11-27T10:00:00Z\",\"model\":\"a/b\",\"tokens_completion\":1}", "tokens_prompt is required")]
    [InlineData("{\"id\":\"a\",\"created_at\":\"2026-11-27T10:00:00Z\",\"model\":\"a/b\",\"tokens_prompt\":1}", "tokens_completion is required")]
    [InlineData("{\"id\":\"a\",\"created_at\":\"2026-11-27T10:00:00Z\",\"model\":\"a/b\",\"tokens_prompt\":-5,\"tokens_completion\":1}", "tokens_prompt must be an integer from 0 to 1,000,000,000 (got -5)")]
    [InlineData("{\"id\":\"a\",\"created_at\":\"2026-11-27T10:00:00Z\",\"model\":\"a/b\",\"tokens_prompt\":1000000001,\"tokens_completion\":1}", "tokens_prompt must be an integer from 0 to 1,000,000,000")]
    [InlineData("{\"id\":\"a\",\"created_at\":\"2026-11-27T10:00:00Z\",\"model\":\"a/b\",\"tokens_prompt\":1.5,\"tokens_completion\":1}", "tokens_prompt must be an integer")]
    [InlineData("{\"id\":\"a\",\"created_at\":\"2026-11-27T10:00:00Z\",\"model\":\"a/b\",\"tokens_prompt\":\"10\",\"tokens_completion\":1}", "tokens_prompt must be an integer")]
    [InlineData("{\"id\":\"a\",\"created_at\":\"2026-11-27T10:00:00Z\",\"model\":\"a/b\",\"tokens_prompt\":1,\"tokens_completion\":640,\"tokens_reasoning\":812}", "tokens_reasoning (812) exceeds tokens_completion (640)")]
    [InlineData("{\"id\":\"a\",\"created_at\":\"2026-11-27T10:00:00Z\",\"model\":\"a/b\",\"tokens_prompt\":10,\"tokens_completion\":1,\"tokens_cached\":11}", "tokens_cached (11) exceeds tokens_prompt (10)")]
    [InlineData("{\"id\":\"a\",\"created_at\":\"2026-11-27T10:00:00Z\",\"model\":\"a/b\",\"tokens_prompt\":10,\"tokens_completion\":1,\"tokens_reasoning\":-1}", "tokens_reasoning must be an integer from 0")]
    [InlineData("{\"id\":\"a\",\"created_at\":\"2026-11-27T10:00:00Z\",\"model\":\"a/b\",\"tokens_prompt\":1,\"tokens_completion\":1,\"cost\":-0.01}", "cost must be a number from 0 to 1,000,000 USD (got -0.01)")]
    [InlineData("{\"id\":\"a\",\"created_at\":\"2026-11-27T10:00:00Z\",\"model\":\"a/b\",\"tokens_prompt\":1,\"tokens_completion\":1,\"cost\":1000001}", "cost must be a number from 0 to 1,000,000 USD")]
    [InlineData("{\"id\":\"a\",\"created_at\":\"2026-11-27T10:00:00Z\",\"model\":\"a/b\",\"tokens_prompt\":1,\"tokens_completion\":1,\"cost\":\"1\"}", "cost must be a number")]
    [InlineData("{\"id\":\"a\",\"created_at\":\"2026-11-27T10:00:00Z\",\"model\":\"a/b\",\"tokens_prompt\":1,\"tokens_completion\":1,\"category\":\"Web Dev\"}", "category 'Web Dev' must be 1-40 characters of a-z0-9-")]
    [InlineData("{\"id\":\"a\",\"created_at\":\"2026-11-27T10:00:00Z\",\"model\":\"a/b\",\"tokens_prompt\":1,\"tokens_completion\":1,\"category\":\"\"}", "category '' must be 1-40 characters")]
    [InlineData("{\"id\":\"a\",\"created_at\":\"2026-11-27T10:00:00Z\",\"model\":\"a/b\",\"tokens_prompt\":1,\"tokens_completion\":1,\"provider\":7}", "provider must be a string")]
    [InlineData("{\"id\":\"a\",\"created_at\":\"2026-11-27T10:00:00Z\",\"model\":\"a/b\",\"tokens_prompt\":1,\"tokens_completion\":1,\"app_url\":\"ftp://x.org\"}", "app_url 'ftp://x.org' is not an http(s) URL")]
    public void Parse_RuleBroken_RejectedWithReason(string json, string expected)
    {
        var (record, rejection) = Parse(json);
        Assert.Null(record);
        Assert.NotNull(rejection);
        Assert.Contains(expected, rejection.Error);
        Assert.Equal(7, rejection.Line);
    }

    [Fact]
    public void Parse_SeveralRulesBroken_ListsEveryReasonAndKeepsRaw()
    {
        var json = "{\"id\":\"x9\",\"created_at\":\"nope\",\"model\":\"a/b\",\"tokens_prompt\":1,\"tokens_completion\":2,\"tokens_reasoning\":3}";
        var (_, rejection) = Parse(json);
        Assert.Equal("x9", rejection!.Id);
        Assert.Contains("created_at 'nope'", rejection.Error);
        Assert.Contains("tokens_reasoning (3) exceeds tokens_completion (2)", rejection.Error);
        Assert.Equal(json, rejection.Raw);
    }

    [Fact]
    public void Parse_HugeLine_RawIsBounded()
    {
        var json = "{\"id\":\"a\",\"pad\":\"" + new string('x', 100_000) + "\"}";
        var (_, rejection) = Parse(json);
        Assert.Equal(RecordParser.MaxRawChars, rejection!.Raw.Length);
    }

    [Fact]
    public void Parse_ValidRecord_DerivesKeysAndDefaults()
    {
        var (record, rejection) = Parse("{" + Base + ",\"model\":\"Anthropic/Claude-Sonnet-4:Thinking\",\"provider\":\"Amazon Bedrock\",\"app_url\":\"https://WWW.Example.com:443/Tools/?q=1#f\",\"app_title\":\"My App!\",\"category\":\"Programming\",\"cost\":0.000123456789,\"extra\":{\"nested\":[1,2]}}");
        Assert.Null(rejection);
        Assert.NotNull(record);
        Assert.Equal("a1", record.Id);
        Assert.Equal("anthropic/claude-sonnet-4", record.ModelKey);
        Assert.Equal("thinking", record.Variant);
        Assert.Equal("anthropic", record.Author);
        Assert.Equal("amazon-bedrock", record.Provider);
        Assert.Equal("example.com/tools", record.AppKey);
        Assert.Equal(AppSource.Url, record.AppSource);
        Assert.Equal("My App!", record.AppTitle);
        Assert.Equal("programming", record.Category);
        Assert.Equal(123_457, record.CostNanos);
        Assert.Equal(0, record.TokensReasoning);
        Assert.Equal(0, record.TokensCached);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), record.CreatedAtMs);
    }

    [Fact]
    public void Parse_OptionalFieldsNullOrMissing_Defaults()
    {
        var (record, _) = Parse("{" + Base + ",\"category\":null,\"provider\":null,\"tokens_reasoning\":null}");
        Assert.Equal("uncategorized", record!.Category);
        Assert.Null(record.Provider);
        Assert.Null(record.AppKey);
        Assert.Equal(AppSource.None, record.AppSource);
        Assert.Equal("none", record.Variant);
    }

    // A whole number with a fraction or exponent is an integer (JSON Schema's reading; Python's json writes 100.0).
    [Theory]
    [InlineData("100.0", 100)]
    [InlineData("1e2", 100)]
    [InlineData("1.00E+2", 100)]
    public void Parse_WholeNumberWrittenWithAFraction_IsAnInteger(string written, long expected)
    {
        var (record, rejection) = Parse("{" + Base.Replace("\"tokens_prompt\":100", "\"tokens_prompt\":" + written) + "}");
        Assert.Null(rejection);
        Assert.Equal(expected, record!.TokensPrompt);
    }

    [Theory]
    [InlineData("2026-11-27T10:00:00Z", "2026-11-27T10:00:00.000Z")]
    [InlineData("2026-11-27t10:00:00z", "2026-11-27T10:00:00.000Z")]
    [InlineData("2026-11-27T23:30:00-02:00", "2026-11-28T01:30:00.000Z")]
    [InlineData("2026-11-27T10:00:00.123456789+05:30", "2026-11-27T04:30:00.123Z")]
    [InlineData("2026-11-27T10:00:00-23:59", "2026-11-28T09:59:00.000Z")] // past DateTimeOffset's ±14:00, within RFC 3339's
    [InlineData("2026-11-27T10:00:00+15:30", "2026-11-26T18:30:00.000Z")]
    public void Parse_CreatedAt_StoredInUtc(string createdAt, string expectedUtc)
    {
        var (record, rejection) = Parse("{" + Base.Replace("2026-11-27T10:00:00Z", createdAt) + "}");
        Assert.Null(rejection);
        Assert.Equal(expectedUtc, DateTimeOffset.FromUnixTimeMilliseconds(record!.CreatedAtMs).ToString("yyyy-MM-ddTHH:mm:ss.fffZ"));
    }

    [Fact]
    public void Parse_TokenBoundsInclusive_Accepted()
    {
        var (record, _) = Parse("{\"id\":\"a\",\"created_at\":\"2026-11-29T11:59:59Z\",\"model\":\"a/b\",\"tokens_prompt\":1000000000,\"tokens_completion\":1000000000,\"tokens_reasoning\":1000000000,\"tokens_cached\":0,\"cost\":1000000}");
        Assert.NotNull(record);
        Assert.Equal(1_000_000_000_000_000L, record.CostNanos);
    }

    [Fact]
    public void Parse_TitleOnly_AppKeyFromTitle()
    {
        var (record, _) = Parse("{" + Base + ",\"app_title\":\"  My App!  \"}");
        Assert.Equal("my-app", record!.AppKey);
        Assert.Equal(AppSource.Title, record.AppSource);
    }

    [Theory]
    [InlineData("id", "{\"id\":\"a\\u0000b\",\"created_at\":\"2026-11-27T10:00:00Z\",\"model\":\"a/b\",\"tokens_prompt\":1,\"tokens_completion\":1}")]
    [InlineData("created_at", "{\"id\":\"a\",\"created_at\":\"2026-11-27T10:00:00Z\\u0000\",\"model\":\"a/b\",\"tokens_prompt\":1,\"tokens_completion\":1}")]
    [InlineData("model", "{\"id\":\"a\",\"created_at\":\"2026-11-27T10:00:00Z\",\"model\":\"a/b\\u0000\",\"tokens_prompt\":1,\"tokens_completion\":1}")]
    [InlineData("provider", "{" + Base + ",\"provider\":\"x\\u0000y\"}")]
    [InlineData("app_url", "{" + Base + ",\"app_url\":\"https://x.example/\\u0000\"}")]
    [InlineData("app_title", "{" + Base + ",\"app_title\":\"\\u0000\"}")]
    [InlineData("app_title", "{" + Base + ",\"app_title\":\"My App\\u0000 with a title longer than the interning buffer of two hundred and fifty-six bytes, so that it is read on the other path: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}")]
    [InlineData("category", "{" + Base + ",\"category\":\"\\u0000programming\"}")]
    public void Parse_NulInAStringField_RejectedWithReason(string field, string json)
    {
        var (record, rejection) = Parse(json);
        Assert.Null(record);
        Assert.NotNull(rejection);
        Assert.StartsWith($"{field} must not contain the character U+0000 (NUL)", rejection.Error);
        Assert.DoesNotContain('\0', rejection.Error);
        Assert.DoesNotContain('\0', rejection.Id ?? "");
        Assert.DoesNotContain('\0', rejection.Raw);
        Assert.Equal($"{field} must not contain the character U+0000 (NUL)", RejectionReasons.Classify(rejection.Error));
    }

    [Fact]
    public void Parse_NulInAnUnknownField_Ignored()
    {
        var (record, rejection) = Parse("{" + Base + ",\"note\":\"a\\u0000b\",\"\\u0000\":{\"k\\u0000\":[\"\\u0000\"]}}");
        Assert.Null(rejection);
        Assert.NotNull(record);
    }

    [Fact]
    public void Parse_RawNulByte_RejectedAndNotKept()
    {
        var (record, rejection) = Parse("{" + Base + ",\"app_title\":\"a\0b\"}");
        Assert.Null(record);
        Assert.NotNull(rejection);
        Assert.DoesNotContain('\0', rejection.Raw);
        Assert.DoesNotContain('\0', rejection.Error);
    }
}
