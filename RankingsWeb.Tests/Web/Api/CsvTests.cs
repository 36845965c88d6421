using RankingsWeb.Api;

namespace RankingsWeb.Tests.Web.Api;

/// <summary>The one CSV cell writer (every download goes through it); CsvInjectionTests checks the downloads end to end.</summary>
public class CsvTests
{
    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("a;b", "\"a;b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("line\nbreak", "\"line\nbreak\"")]
    [InlineData("=SUM(A1)", "\"'=SUM(A1)\"")]
    [InlineData("+1", "\"'+1\"")]
    [InlineData("-1", "\"'-1\"")]
    [InlineData("@x", "\"'@x\"")]
    [InlineData("\tx", "\"'\tx\"")]
    [InlineData("a=b", "a=b")]
    [InlineData("  =SUM(A1)", "\"'  =SUM(A1)\"")] // a spreadsheet that trims cells on import would read a formula
    [InlineData("  plain", "  plain")]
    public void Text_QuotesAndNeutralises(string? value, string cell) => Assert.Equal(cell, Csv.Text(value));

    [Fact]
    public void Row_TypedCells_NumbersStayNumbers() =>
        Assert.Equal("-0.25,\"'-0.25\",3,true,2026-11-20,\n", Csv.Row(-0.25m, "-0.25", 3L, true, new DateOnly(2026, 11, 20), null));
}
