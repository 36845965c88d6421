using Microsoft.EntityFrameworkCore;
using RankingsWeb.Data.Entities;

namespace RankingsWeb.Data.Postgres;

/// <summary>What the PostgreSQL model adds to and changes in the shared one (<see cref="RankingsDbContext"/>).</summary>
internal static class PostgresModel
{
    // Raw records live in tables partitioned by arrival day (raw_records, record_ids) that EF cannot describe; they are
    // created by hand-written SQL in the migrations (PartitionedRawRecords) and written and read only by raw SQL
    // (PostgresUsageStore, PostgresRollupFolder, PostgresRawRetention, PostgresRefolder). The fold keeps a
    // transaction-id watermark instead of a queue, so UsageRecord and the queue are not in this model.
    public static void Configure(ModelBuilder modelBuilder) => modelBuilder.Ignore<UsageRecord>();
}
