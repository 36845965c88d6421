using Microsoft.EntityFrameworkCore;
using RankingsWeb.Data;
using RankingsWeb.Data.Analytics;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Web.Api;

/// <summary>A body of junk lines stores the raw text of a bounded number of them; the counts by reason stay exact.</summary>
public class RejectedLinesBoundTests : IClassFixture<RankingsAppFactory>
{
    private readonly RankingsAppFactory _app;

    public RejectedLinesBoundTests(RankingsAppFactory app) => _app = app;

    /// <summary>Junk of four kinds, with the reason each is counted under.</summary>
    public static readonly (string Reason, int Count, Func<int, string> Line)[] Junk =
    [
        ("malformed JSON", 2000, i => $"junk line {i} " + new string('x', 200)),
        ("line is not a JSON object", 1500, i => $"[{i}, \"{new string('y', 200)}\"]"),
        ("created_at is required", 1000, i => $"{{\"id\":\"junk-{i}\",\"pad\":\"{new string('z', 200)}\"}}"),
        ("tokens_prompt must be an integer from 0 to 1,000,000,000", 500,
            i => $"{{\"id\":\"neg-{i}\",\"created_at\":\"2026-11-20T10:00:00Z\",\"model\":\"a/b\",\"tokens_prompt\":-{i + 1},\"tokens_completion\":1}}"),
    ];

    [Fact]
    public async Task Post_FiveThousandJunkLines_RejectedTotalExact_AtMostAThousandStored_CountsByReasonExact()
    {
        var lines = new List<string>();
        foreach (var (_, count, line) in Junk)
        {
            for (var i = 0; i < count; i++) lines.Add(line(i));
        }
        // Interleave the kinds, and put good lines among them.
        var shuffled = lines.OrderBy(l => (uint)l.GetHashCode() % 7919).ThenBy(l => l, StringComparer.Ordinal).ToList();
        shuffled.Insert(10, "{\"id\":\"good-1\",\"created_at\":\"2026-11-20T10:00:00Z\",\"model\":\"a/b\",\"tokens_prompt\":7,\"tokens_completion\":3}");
        shuffled.Add("{\"id\":\"good-2\",\"created_at\":\"2026-11-20T10:00:00Z\",\"model\":\"a/b\",\"tokens_prompt\":7,\"tokens_completion\":3}");
        var body = string.Join("\n", shuffled);

        var answer = await _app.IngestClient().PostNdjsonAsync(body);
        Assert.Equal(2, answer.GetProperty("accepted").GetInt32());
        Assert.Equal(5000, answer.GetProperty("rejected_total").GetInt32());
        Assert.Equal(5000, answer.GetProperty("rejected").GetArrayLength());

        await using (var db = await _app.Service<IDbContextFactory<RankingsDbContext>>().CreateDbContextAsync())
        {
            var batch = await db.IngestBatches.AsNoTracking().OrderByDescending(b => b.Id).FirstAsync();
            Assert.Equal(5000, batch.Rejected);
            var stored = await db.RejectedLines.AsNoTracking().Where(r => r.BatchId == batch.Id).ToListAsync();
            Assert.Equal(1000, stored.Count);
            // The first lines of the batch are the ones kept, each whole (up to the raw-text bound).
            var rejectedLines = answer.GetProperty("rejected").EnumerateArray().Select(r => r.GetProperty("line").GetInt32()).Take(1000).ToList();
            Assert.Equal(rejectedLines, stored.Select(r => r.Line).Order());
            Assert.True(stored.Sum(r => (long)r.Raw.Length) <= 1000L * 260, "raw text beyond the bound was stored");
        }

        // The health page's counts include the lines whose text was not kept.
        var health = _app.Service<IngestionHealthQueries>();
        var byReason = (await health.RejectedByReasonAsync(IngestionHealthQueries.DaysAgo(TimeProvider.System, 2)))
            .GroupBy(r => r.Reason).ToDictionary(g => g.Key, g => g.Sum(r => r.Count));
        Assert.Equal(Junk.ToDictionary(j => j.Reason, j => (long)j.Count), byReason);
        var received = await health.ReceivedAsync(IngestionHealthQueries.DaysAgo(TimeProvider.System, 2));
        Assert.Equal(5000, received.Sum(r => r.Rejected));
    }
}
