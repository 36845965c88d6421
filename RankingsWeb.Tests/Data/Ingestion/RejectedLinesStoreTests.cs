using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using RankingsWeb.Data;
using RankingsWeb.Data.Analytics;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Data.Postgres;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Data.Ingestion;

/// <summary>What a batch keeps of its rejected lines, on both providers: bounded text, exact counts by reason.</summary>
public class RejectedLinesStoreTests
{
    private static async Task<IngestSummary> IngestAsync(TestDatabase db, string body)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(body));
        return await db.Get<IngestionService>().IngestAsync(stream, IngestReader.Format.Ndjson, "test", CancellationToken.None);
    }

    [Fact]
    public async Task Append_CapFromConfiguration_StoresThatManyLines_CountsEveryOneByReason()
    {
        await using var db = await TestDatabase.CreateAsync(s => s.Configure<RankingsOptions>(o => o.MaxStoredRejectedLinesPerBatch = 10));
        var body = string.Join("\n", Enumerable.Range(0, 300).Select(i => i % 3 == 0 ? $"junk {i}" : $"[{i}]"));
        var summary = await IngestAsync(db, body);
        Assert.Equal(300, summary.Rejected.Count);
        await using (var ctx = await db.Get<IDbContextFactory<RankingsDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(Enumerable.Range(1, 10), await ctx.RejectedLines.OrderBy(r => r.Line).Select(r => r.Line).ToListAsync());
            Assert.Equal(300, (await ctx.IngestBatches.SingleAsync()).Rejected);
        }
        var byReason = (await db.Get<IngestionHealthQueries>().RejectedByReasonAsync(IngestionHealthQueries.DaysAgo(TimeProvider.System, 1)))
            .ToDictionary(r => r.Reason, r => r.Count);
        Assert.Equal(new Dictionary<string, long> { ["malformed JSON"] = 100, ["line is not a JSON object"] = 200 }, byReason);
    }
}
