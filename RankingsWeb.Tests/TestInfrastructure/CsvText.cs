using System.Globalization;
using System.Text;

namespace RankingsWeb.Tests.TestInfrastructure;

/// <summary>An RFC 4180 reader written for the tests (quoted fields, doubled quotes, line breaks inside quotes), and the formula-injection checks.</summary>
public static class CsvText
{
    /// <summary>Characters a spreadsheet reads as the start of a formula (OWASP, ASVS 1.2.10) when a cell begins with one.</summary>
    public static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r', '\n', '\0'];

    public static List<string[]> Parse(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var i = 0;
        var atCellStart = true;
        while (i < text.Length)
        {
            var c = text[i];
            if (atCellStart && c == '"')
            {
                i++;
                while (true)
                {
                    Assert.True(i < text.Length, "unterminated quoted field");
                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    cell.Append(text[i++]);
                }
                Assert.True(i == text.Length || text[i] is ',' or '\n', $"text after a closing quote at {i}");
                atCellStart = false;
                continue;
            }
            atCellStart = false;
            if (c == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
                atCellStart = true;
            }
            else if (c == '\n')
            {
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add([.. row]);
                row.Clear();
                atCellStart = true;
            }
            else
            {
                Assert.False(c is '"' or '\r', $"a bare {(c == '"' ? "quote" : "CR")} in an unquoted field at {i}");
                cell.Append(c);
            }
            i++;
        }
        if (!atCellStart || row.Count > 0)
        {
            row.Add(cell.ToString());
            rows.Add([.. row]);
        }
        return rows;
    }

    /// <summary>
    /// A text cell is safe when it does not start with a formula character, after any leading spaces (a spreadsheet
    /// may trim them on import); a neutralised one starts with '.
    /// </summary>
    public static void AssertTextCell(string cell, string where) =>
        Assert.True(!StartsLikeAFormula(cell), $"{where}: text cell starts with a formula character: {Show(cell)}");

    private static bool StartsLikeAFormula(string value) => value.TrimStart(' ') is { Length: > 0 } start && Array.IndexOf(FormulaStarts, start[0]) >= 0;

    /// <summary>A numeric cell is empty or an invariant-culture number.</summary>
    public static void AssertNumberCell(string cell, string where) =>
        Assert.True(cell.Length == 0 || double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _), $"{where}: not a number: {Show(cell)}");

    /// <summary>The neutralised form of a text value: one starting with a formula character, after any spaces, is preceded by '.</summary>
    public static string Neutralised(string value) => StartsLikeAFormula(value) ? "'" + value : value;

    public static string Show(string s) => System.Text.Json.JsonSerializer.Serialize(s);
}
