using Microsoft.EntityFrameworkCore;
using RankingsWeb.Data.Entities;

namespace RankingsWeb.Data.Postgres;

/// <summary>What the PostgreSQL model adds to and changes in the shared one (<see cref="RankingsDbContext"/>).</summary>
internal static class PostgresModel
{
    /// <summary>
    /// Every text column compares as bytes (<c>COLLATE "C"</c>), as SQLite's do, whatever the database's own collation.
    /// Keys and ids are identifiers, not words, and a server created with a language's collation (en_US.UTF-8 is
    /// common) compares them through the C library's locale rules in every index probe, sort and group: that cost ingest
    /// and fold 7 µs of PostgreSQL CPU per record here, and ordered ties differently from SQLite.
    /// </summary>
    public const string Collation = "C";

    // Raw records live in tables partitioned by arrival day (raw_records, record_ids) that EF cannot describe; they are
    // created by hand-written SQL in the migrations (PartitionedRawRecords) and written and read only by raw SQL
    // (PostgresUsageStore, PostgresRollupFolder, PostgresRawRetention, PostgresRefolder). The fold keeps a
    // transaction-id watermark instead of a queue, so UsageRecord and the queue are not in this model.
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Ignore<UsageRecord>();
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
            foreach (var property in entity.GetProperties().Where(p => p.ClrType == typeof(string)))
                property.SetCollation(Collation);
    }
}
