using RankingsWeb.Data.Entities;
using RankingsWeb.Data.Ingestion;

namespace RankingsWeb.Tests.Data.Ingestion;

public class RecordDerivationTests
{
    private static readonly DerivedKeys[] Keys =
    [
        new("openai/gpt-5", "none", "openai", null, null, AppSource.None, "uncategorized"),
        new("deepseek/deepseek-r1", "free", "deepseek", "amazon-bedrock", "cline.bot", AppSource.Url, "programming"),
        new("x-ai/grok-4", "none", "x-ai", "x", "my-app", AppSource.Title, "legal"),
        new("a/b", "c", "a", "", "", AppSource.Url, "c"), // odd keys a test hook may store
    ];

    private static readonly string?[] Sent =
    [
        null, "", "openai/gpt-5", "openai/gpt-5:none", "deepseek/deepseek-r1:free", "deepseek/deepseek-r1:fre", "deepseek/deepseek-r1free",
        "x-ai/grok-4", "a/b:c", "a/bc", "a/b:", "amazon-bedrock", "Amazon Bedrock", "x", "https://cline.bot", "https://cline.bot/",
        "http://cline.bot", "https://", "https:/cline.bot", "programming", "legal", "uncategorized", "c",
    ];

    [Fact]
    public void IsRebuilt_IsExactlyTheOrdinalEqualityWithTheRebuild()
    {
        foreach (var k in Keys)
        foreach (var field in Enum.GetValues<InputField>())
        foreach (var sent in Sent.Append(RecordDerivation.Rebuild(field, k)))
        {
            Assert.True(string.Equals(sent, RecordDerivation.Rebuild(field, k), StringComparison.Ordinal) == RecordDerivation.IsRebuilt(field, sent, k),
                $"{field} '{sent}' with {k}");
        }
    }
}
