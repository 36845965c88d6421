using RankingsWeb.Data.Queries;

namespace RankingsWeb.Tests.Data.Queries;

public class DisplayTextTests
{
    [Theory]
    [InlineData("Plain name", "Plain name")]
    [InlineData("my \u202Egnp.exe", "my gnp.exe")]
    [InlineData("\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069", "")]
    [InlineData("\u2066isolated\u2069 tail", "isolated tail")]
    [InlineData("عربي עברית", "عربي עברית")] // right-to-left scripts stay: the browser orders them by itself
    [InlineData("a\u200F (b) \u200Ec\u061C", "a (b) c")] // the marks go too: they reorder the neutral characters beside them
    [InlineData("AT&T <b>", "AT&T <b>")] // markup is not this function's business: the chart wrapper and Razor escape it
    public void Clean_RemovesBidiControlsOnly(string input, string expected) => Assert.Equal(expected, DisplayText.Clean(input));

    [Fact]
    public void Clean_NothingToRemove_SameInstance()
    {
        var name = "Cline";
        Assert.Same(name, DisplayText.Clean(name));
    }
}
