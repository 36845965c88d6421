using Microsoft.AspNetCore.Http;
using RankingsWeb.Caching;

namespace RankingsWeb.Tests.Web.Caching;

/// <summary>The query part of the cache key: one entry per query the app reads alike, never one for two it reads apart.</summary>
public class CanonicalQueryTests
{
    private static string Of(string query) => CanonicalQuery.From(new QueryString(query));

    [Theory]
    [InlineData("?b=2&a=1", "?a=1&b=2")]
    [InlineData("?a=1&&b=2&", "?b=2&a=1")]
    [InlineData("?tab=apps&period=week&as_of=2026-11-20", "?as_of=2026-11-20&period=week&tab=apps")]
    [InlineData("?x=1&b=2&x=3", "?b=2&x=1&x=3")]
    public void SameQueryInAnotherOrder_SameKey(string one, string other) => Assert.Equal(Of(one), Of(other));

    [Theory]
    [InlineData("?x=1&x=2", "?x=2&x=1")] // the app reads "1,2" and "2,1"
    [InlineData("?x=1&X=2", "?X=2&x=1")] // names group case-insensitively: the same two cases
    [InlineData("?x=1&%78=2", "?%78=2&x=1")] // and decoded
    [InlineData("?a=1", "?a=2")]
    [InlineData("?a=b", "?a=B")]
    [InlineData("?a=1&b=2", "?a=1%26b%3D2")]
    [InlineData("?counts=openrouter&period=week_to_date", "?period=week_to_date")] // the leaderboard's "as OpenRouter counts"
    [InlineData("?variants=separate", "")]
    public void QueriesReadApart_DifferentKeys(string one, string other) => Assert.NotEqual(Of(one), Of(other));

    [Fact]
    public void NoQuery_Empty()
    {
        Assert.Equal("", Of(""));
        Assert.Equal("", Of("?"));
    }
}
