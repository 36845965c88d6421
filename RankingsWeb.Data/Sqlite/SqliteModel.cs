using Microsoft.EntityFrameworkCore;
using RankingsWeb.Data.Entities;

namespace RankingsWeb.Data.Sqlite;

/// <summary>What the SQLite model adds to and changes in the shared one (<see cref="RankingsDbContext"/>).</summary>
internal static class SqliteModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        // Records are stored packed (RecordBlockEntry), their ids once each in a table of their own; UsageRecord, a row
        // per record, is PostgreSQL's.
        modelBuilder.Ignore<UsageRecord>();
        // The cube is stored compactly (see CubeKey); rollups is a view over it with the same columns, created by
        // hand-written SQL in the migrations.
        modelBuilder.Entity<Rollup>().ToTable((string?)null).ToView("rollups");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(SqliteModel).Assembly,
            t => t.Namespace == typeof(Configurations.CubeKeyConfiguration).Namespace);
    }
}
