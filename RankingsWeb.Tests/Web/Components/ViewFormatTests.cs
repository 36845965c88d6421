using RankingsWeb.Components.Shared;

namespace RankingsWeb.Tests.Web.Components;

public class ViewFormatTests
{
    [Theory]
    [InlineData(1_234_000_000_000, "1.2T")]
    [InlineData(45_000_000_000, "45.0B")]
    [InlineData(812_000_000, "812.0M")]
    [InlineData(1_500, "1.5K")]
    [InlineData(999, "999")]
    [InlineData(0, "0")]
    public void Tokens_Compact(long value, string expected) => Assert.Equal(expected, ViewFormat.Tokens(value));

    [Theory]
    [InlineData(0.8134, "81.3%")]
    [InlineData(0.0004, "0.04%")]
    [InlineData(1.0, "100.0%")]
    public void Share_Percent(double value, string expected) => Assert.Equal(expected, ViewFormat.Share(value));

    [Theory]
    [InlineData(1.0, "▲ 100%")]
    [InlineData(-0.25, "▼ 25%")]
    [InlineData(-0.003, "▼ 0.3%")]
    [InlineData(0.05, "▲ 5.0%")]
    [InlineData(null, "new")]
    public void Change_Arrows(double? value, string expected) => Assert.Equal(expected, ViewFormat.Change(value));
}
