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
    public void Clean_RemovesBidiControls(string input, string expected) => Assert.Equal(expected, DisplayText.Clean(input));

    [Theory]
    [InlineData("Cl\u200Bine", "Cline")] // a look-alike of Cline, found by an outsider
    [InlineData("\uFEFFBOM\u00ADsoft\u2060joined\u2062x\u206Fy\u180Ez", "BOMsoftjoinedxyz")]
    [InlineData("ctl\u0001\u0007\u001B[31mred\u001B[0m\ttab\nnewline\rcr\u007F end\u0085", "ctl   [31mred [0m tab newline cr  end ")]
    [InlineData("\u0000", " ")]
    [InlineData("👨\u200D👩\u200D👧 family", "👨\u200D👩\u200D👧 family")] // the joiners stay: emoji and scripts need them
    [InlineData("می\u200Cخواهم", "می\u200Cخواهم")]
    public void Clean_RemovesInvisibleCharacters_ControlsBecomeSpaces(string input, string expected) =>
        Assert.Equal(expected, DisplayText.Clean(input));

    [Fact]
    public void Clean_NothingToRemove_SameInstance()
    {
        var name = "Cline";
        Assert.Same(name, DisplayText.Clean(name));
    }
}
