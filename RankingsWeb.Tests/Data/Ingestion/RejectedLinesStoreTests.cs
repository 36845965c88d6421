using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
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

    [Fact]
    public async Task Migration_ToRejectionCounts_CountsTheLinesStoredBefore()
    {
        await using var db = await TestDatabase.CreateAsync(migrate: false);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        // A database of the previous schema, with batches whose every rejected line was stored.
        if (TestProvider.IsPostgres)
        {
            await using var ctx = new PostgresMigrationsContext(new DbContextOptionsBuilder<PostgresMigrationsContext>()
                .UseNpgsql(db.Get<PostgresDatabase>().DataSource).Options);
            await ctx.GetService<IMigrator>().MigrateAsync("20261128143144_DataProtectionKeysPostgres");
        }
        else
        {
            await using var ctx = await db.Get<IDbContextFactory<RankingsDbContext>>().CreateDbContextAsync();
            await ctx.GetService<IMigrator>().MigrateAsync("20261128200811_RecordBlocks");
        }
        await using (var ctx = await db.Get<IDbContextFactory<RankingsDbContext>>().CreateDbContextAsync())
        {
            foreach (var (reasons, day) in new[] { (new[] { "malformed JSON", "malformed JSON", "id is required" }, 0), (["id is required"], 1) })
            {
                var at = now - day * 86_400_000L;
                await ctx.Database.ExecuteSqlInterpolatedAsync(
                    $"INSERT INTO ingest_batches (received_at, source, accepted, duplicates, rejected) VALUES ({at}, 'old', 0, 0, {reasons.Length})");
                var line = 0;
                foreach (var reason in reasons)
                {
                    line++;
                    await ctx.Database.ExecuteSqlInterpolatedAsync($"""
                        INSERT INTO rejected_lines (batch_id, line, record_id, error, reason, raw, received_at)
                        SELECT MAX(id), {line}, NULL, {reason}, {reason}, 'x', {at} FROM ingest_batches
                        """);
                }
            }
        }

        await db.Services.MigrateRankingsDatabaseAsync();

        var rows = await db.Get<IngestionHealthQueries>().RejectedByReasonAsync(IngestionHealthQueries.DaysAgo(TimeProvider.System, 3));
        Assert.Equal(2, rows.Where(r => r.Reason == "malformed JSON").Sum(r => r.Count));
        Assert.Equal(2, rows.Where(r => r.Reason == "id is required").Sum(r => r.Count));
        Assert.Equal(2, rows.Count(r => r.Reason == "id is required")); // on two days
    }
}
