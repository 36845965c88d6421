using Microsoft.EntityFrameworkCore;
using RankingsWeb.Data;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Api;

/// <summary>Contract v1.1: a string field containing U+0000 breaks a rule; the line is rejected on every provider and the rest of the batch is kept.</summary>
public class NulIngestTests : IClassFixture<RankingsAppFactory>
{
    private readonly RankingsAppFactory _app;

    public NulIngestTests(RankingsAppFactory app) => _app = app;

    private const string Nul = "\\u0000"; // as JSON text: the escape, which is how a NUL can arrive in valid JSON

    private static string Line(string id, string createdAt = "2026-11-20T10:00:00Z", string model = "openai/gpt-4o", string extra = "", int prompt = 10) =>
        $"{{\"id\":\"{id}\",\"created_at\":\"{createdAt}\",\"model\":\"{model}\",\"tokens_prompt\":{prompt},\"tokens_completion\":5{extra}}}";

    [Fact]
    public async Task Post_NulInEachStringField_ThoseLinesRejectedWithAReason_OthersAcceptedAndCounted()
    {
        var p = Guid.NewGuid().ToString("N")[..8];
        var lines = new List<(string Json, string? Field)>
        {
            (Line($"{p}-ok-1", prompt: 100), null),
            (Line($"{p}-id{Nul}x"), "id"),
            (Line($"{p}-at", createdAt: $"2026-11-20T10:00:00Z{Nul}"), "created_at"),
            (Line($"{p}-model", model: $"openai/gpt-4o{Nul}"), "model"),
            (Line($"{p}-provider", extra: $",\"provider\":\"Open{Nul}AI\""), "provider"),
            (Line($"{p}-url", extra: $",\"app_url\":\"https://nul.example/{Nul}\""), "app_url"),
            (Line($"{p}-title", extra: $",\"app_title\":\"Nul{Nul}Title\""), "app_title"),
            (Line($"{p}-long-title", extra: $",\"app_title\":\"{new string('t', 300)}{Nul}\""), "app_title"),
            (Line($"{p}-category", extra: $",\"category\":\"programming{Nul}\""), "category"),
            (Line($"{Nul}", extra: $",\"app_title\":\"{Nul}\""), "id"),
            (Line($"{p}-ok-2", prompt: 200, extra: ",\"app_title\":\"Fine Title\""), null),
            // Fields the contract does not know are ignored, NUL or not.
            (Line($"{p}-ok-3", prompt: 300, extra: $",\"note\":\"a{Nul}b\",\"meta\":{{\"k{Nul}\":[\"{Nul}\"]}},\"{Nul}\":1"), null),
        };
        var answer = await _app.IngestClient().PostNdjsonAsync(string.Join("\n", lines.Select(l => l.Json)));

        var good = lines.Count(l => l.Field is null);
        Assert.Equal(good, answer.GetProperty("accepted").GetInt32());
        var rejected = answer.GetProperty("rejected").EnumerateArray().ToList();
        var expectedLines = lines.Select((l, i) => (l.Field, Line: i + 1)).Where(x => x.Field is not null).ToList();
        Assert.Equal(expectedLines.Select(x => x.Line), rejected.Select(r => r.GetProperty("line").GetInt32()));
        foreach (var (field, r) in expectedLines.Zip(rejected, (e, r) => (e.Field, r)))
        {
            var error = r.GetProperty("error").GetString()!;
            Assert.Contains(field + " ", error);
            Assert.Contains("U+0000", error);
            Assert.DoesNotContain('\0', error);
            Assert.DoesNotContain('\0', r.GetProperty("id").GetString() ?? "");
        }

        // The rejected lines are kept for analysts, without a NUL that PostgreSQL could not store.
        var contexts = _app.Service<IDbContextFactory<RankingsDbContext>>();
        await using (var db = await contexts.CreateDbContextAsync())
        {
            var batchId = await db.IngestBatches.MaxAsync(b => b.Id);
            var kept = await db.RejectedLines.AsNoTracking().Where(r => r.BatchId == batchId).OrderBy(r => r.Line).ToListAsync();
            Assert.Equal(expectedLines.Select(x => x.Line), kept.Select(r => r.Line));
            Assert.All(kept, r => Assert.False((r.RecordId ?? "").Contains('\0') || r.Error.Contains('\0') || r.Raw.Contains('\0')));
            Assert.All(kept.Where(r => r.RecordId is not null), r => Assert.StartsWith(p, r.RecordId)); // an id with a NUL is not an id
        }

        // Totals are exact: only the good lines count.
        await _app.CreateClient().WaitForPendingZeroAsync(good);
        var rankings = await _app.CreateClient().GetJsonAsync("/api/v1/rankings/models?period=all");
        Assert.Equal(100 + 200 + 300 + 3 * 5, rankings.GetProperty("total_tokens").GetInt64());
        var apps = await _app.CreateClient().GetJsonAsync("/api/v1/rankings/apps?period=all");
        Assert.Equal(["fine-title"], apps.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("key").GetString()));
    }
}
