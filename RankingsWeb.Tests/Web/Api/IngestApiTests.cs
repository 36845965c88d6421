using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RankingsWeb.Data;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Api;

public class IngestApiTests : IClassFixture<RankingsAppFactory>
{
    private readonly RankingsAppFactory _app;

    public IngestApiTests(RankingsAppFactory app) => _app = app;

    private static string Line(string id, string extra = "") =>
        $"{{\"id\":\"{id}\",\"created_at\":\"2026-11-20T10:00:00Z\",\"model\":\"openai/gpt-4o\",\"tokens_prompt\":10,\"tokens_completion\":5{extra}}}";

    [Fact]
    public async Task Post_MixedLines_AcceptsGoodAndRejectsBadPerLine()
    {
        var client = _app.IngestClient();
        var prefix = Guid.NewGuid().ToString("N");
        var body = Line(prefix + "1") + "\r\n" +
                   "{not json\r\n" +
                   "\r\n" +
                   Line(prefix + "2") + "\r\n" +
                   Line(prefix + "3", ",\"tokens_reasoning\":6") + "\r\n" +
                   "   \n" +
                   Line(prefix + "4"); // no trailing newline
        var answer = await client.PostNdjsonAsync(body);
        Assert.Equal(3, answer.GetProperty("accepted").GetInt32());
        Assert.Equal(0, answer.GetProperty("duplicates").GetInt32());
        var rejected = answer.GetProperty("rejected").EnumerateArray().ToList();
        Assert.Equal(2, rejected.Count);
        Assert.Equal(2, rejected[0].GetProperty("line").GetInt32());
        Assert.StartsWith("malformed JSON", rejected[0].GetProperty("error").GetString());
        Assert.Equal(5, rejected[1].GetProperty("line").GetInt32());
        Assert.Equal(prefix + "3", rejected[1].GetProperty("id").GetString());
        Assert.Equal("tokens_reasoning (6) exceeds tokens_completion (5)", rejected[1].GetProperty("error").GetString());

        // Rejected lines are kept for analysts, with their raw text.
        var contexts = _app.Service<IDbContextFactory<RankingsDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        var kept = await db.RejectedLines.Where(r => r.RecordId == prefix + "3").SingleAsync();
        Assert.Equal(5, kept.Line);
        Assert.Contains("\"tokens_reasoning\":6", kept.Raw);
    }

    [Fact]
    public async Task Post_JsonArray_LinesAreElementIndexes()
    {
        var client = _app.IngestClient();
        var p = Guid.NewGuid().ToString("N");
        var body = $"[{Line(p + "a")}, 42, {Line(p + "b", ",\"cost\":-1")}, {Line(p + "c")}]";
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/v1/usage", content);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(2, answer.GetProperty("accepted").GetInt32());
        var lines = answer.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("line").GetInt32()).ToList();
        Assert.Equal([2, 3], lines);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-key")]
    [InlineData("Basic dGVzdA==")]
    [InlineData("Bearer ")]
    public async Task Post_WithoutTheIngestKey_401(string? authorization)
    {
        var client = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/usage") { Content = new StringContent(Line("k"), Encoding.UTF8, "application/x-ndjson") };
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData(null)]
    public async Task Post_OtherContentType_415(string? contentType)
    {
        var client = _app.IngestClient();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Line("ct")));
        if (contentType is not null) content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await client.PostAsync("/api/v1/usage", content);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Post_NdjsonWithCharset_Accepted()
    {
        var client = _app.IngestClient();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Line(Guid.NewGuid().ToString("N"))));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-ndjson; charset=utf-8");
        using var response = await client.PostAsync("/api/v1/usage", content);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    // A compressed body was read as text and its bytes stored as rejected lines (found by an outsider).
    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("deflate")]
    public async Task Post_CompressedBody_Decoded(string encoding)
    {
        var p = Guid.NewGuid().ToString("N");
        var body = string.Join("\n", Enumerable.Range(0, 20).Select(i => Line($"{p}-{i}"))) + "\nnot json";
        using var response = await _app.IngestClient().PostAsync("/api/v1/usage", Compressed(body, encoding));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(20, answer.GetProperty("accepted").GetInt32());
        Assert.Equal(21, Assert.Single(answer.GetProperty("rejected").EnumerateArray()).GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task Post_CorruptGzip_400AndNothingStored_UnknownEncoding_415()
    {
        var p = Guid.NewGuid().ToString("N");
        var gzip = Compressed(Line($"{p}-corrupt"), "gzip");
        var bytes = await gzip.ReadAsByteArrayAsync();
        bytes[^6] ^= 0xFF; // the CRC and length trailer no longer match
        var corrupt = new ByteArrayContent(bytes);
        corrupt.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        corrupt.Headers.ContentEncoding.Add("gzip");
        using (var response = await _app.IngestClient().PostAsync("/api/v1/usage", corrupt))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("not valid gzip", await response.Content.ReadAsStringAsync());
        }
        var unknown = new ByteArrayContent(Encoding.UTF8.GetBytes(Line($"{p}-zstd")));
        unknown.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        unknown.Headers.ContentEncoding.Add("zstd");
        using (var response = await _app.IngestClient().PostAsync("/api/v1/usage", unknown))
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        // Neither was stored: a resend of both ids is accepted.
        var again = await _app.IngestClient().PostNdjsonAsync(Line($"{p}-corrupt") + "\n" + Line($"{p}-zstd"));
        Assert.Equal(2, again.GetProperty("accepted").GetInt32());
    }

    internal static HttpContent Compressed(string text, string encoding)
    {
        var buffer = new MemoryStream();
        using (Stream encoder = encoding switch
               {
                   "gzip" => new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true),
                   "br" => new BrotliStream(buffer, CompressionLevel.Fastest, leaveOpen: true),
                   _ => new ZLibStream(buffer, CompressionLevel.Fastest, leaveOpen: true),
               })
            encoder.Write(Encoding.UTF8.GetBytes(text));
        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        content.Headers.ContentEncoding.Add(encoding);
        return content;
    }

    [Fact]
    public async Task Post_ReplayedIds_DuplicatesNeverCountedTwice()
    {
        var client = _app.IngestClient();
        var p = Guid.NewGuid().ToString("N");
        var body = string.Join("\n", Enumerable.Range(0, 50).Select(i => Line($"{p}-{i}")));
        var first = await client.PostNdjsonAsync(body);
        Assert.Equal(50, first.GetProperty("accepted").GetInt32());
        var again = await client.PostNdjsonAsync(body + "\n" + Line($"{p}-new") + "\n" + Line($"{p}-new"));
        Assert.Equal(1, again.GetProperty("accepted").GetInt32());
        Assert.Equal(51, again.GetProperty("duplicates").GetInt32());
    }

    [Fact]
    public async Task Post_SameIdsRacing_EachStoredOnce()
    {
        var p = Guid.NewGuid().ToString("N");
        var body = string.Join("\n", Enumerable.Range(0, 300).Select(i => Line($"{p}-{i}")));
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _app.IngestClient().PostNdjsonAsync(body)));
        Assert.Equal(300, answers.Sum(a => a.GetProperty("accepted").GetInt32()));
        Assert.Equal(7 * 300, answers.Sum(a => a.GetProperty("duplicates").GetInt32()));
    }
}

public class IngestLimitTests : IClassFixture<IngestLimitTests.SmallLimitApp>
{
    public sealed class SmallLimitApp : RankingsAppFactory
    {
        public SmallLimitApp() => Settings["Rankings:MaxIngestBytes"] = "1000";
    }

    private readonly SmallLimitApp _app;

    public IngestLimitTests(SmallLimitApp app) => _app = app;

    private static string Body(int records) => string.Join("\n", Enumerable.Range(0, records).Select(i =>
        $"{{\"id\":\"big-{i}\",\"created_at\":\"2026-11-20T10:00:00Z\",\"model\":\"openai/gpt-4o\",\"tokens_prompt\":10,\"tokens_completion\":5}}"));

    [Fact]
    public async Task Post_OverLimitWithLength_413AndNothingStored()
    {
        var before = await RecordsAsync();
        var answer = await _app.IngestClient().PostNdjsonAsync(Body(20), expectedStatus: 413);
        Assert.Contains("Rankings:MaxIngestBytes", answer.GetProperty("error").GetString());
        Assert.Equal(before, await RecordsAsync());
    }

    [Fact]
    public async Task Post_OverLimitChunked_413AndNothingStored()
    {
        var before = await RecordsAsync();
        var content = new StreamContent(new NoLengthStream(Encoding.UTF8.GetBytes(Body(20))));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        using var response = await _app.IngestClient().PostAsync("/api/v1/usage", content);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentLength is 0 ? "empty" : null);
        Assert.Equal(before, await RecordsAsync());
    }

    [Fact]
    public async Task Post_GzipThatDecodesPastTheLimit_413AndNothingStored()
    {
        var before = await RecordsAsync();
        var content = IngestApiTests.Compressed(string.Join("\n", Enumerable.Repeat(Body(1), 200)), "gzip"); // 20 KB in a few hundred bytes
        Assert.True((await content.ReadAsByteArrayAsync()).Length < 1000);
        using var response = await _app.IngestClient().PostAsync("/api/v1/usage", content);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(before, await RecordsAsync());
    }

    private async Task<long> RecordsAsync() =>
        (await _app.CreateClient().GetJsonAsync("/api/v1/status")).GetProperty("records").GetInt64();

    [Fact]
    public async Task Post_UnderLimit_202()
    {
        var answer = await _app.IngestClient().PostNdjsonAsync(Body(1).Replace("big-0", "small-0"));
        Assert.Equal(1, answer.GetProperty("accepted").GetInt32());
    }

    /// <summary>A stream whose length is unknown, so the request goes out chunked.</summary>
    private sealed class NoLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}

public class IngestDisabledTests : IClassFixture<IngestDisabledTests.NoKeyApp>
{
    public sealed class NoKeyApp : RankingsAppFactory
    {
        public NoKeyApp() => Settings["Rankings:IngestApiKey"] = "";
    }

    private readonly NoKeyApp _app;

    public IngestDisabledTests(NoKeyApp app) => _app = app;

    [Fact]
    public async Task Post_EmptyConfiguredKey_401EvenWithABearer()
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "");
        await client.PostNdjsonAsync("{}", expectedStatus: 401);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "anything");
        await client.PostNdjsonAsync("{}", expectedStatus: 401);
    }
}
