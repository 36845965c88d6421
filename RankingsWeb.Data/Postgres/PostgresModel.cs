using Microsoft.EntityFrameworkCore;

namespace RankingsWeb.Data.Postgres;

/// <summary>What the PostgreSQL model adds to the shared one (<see cref="RankingsDbContext"/>).</summary>
internal static class PostgresModel
{
    // Records are a row each (SQLite packs them), and the fold works from a queue, not a high-water mark:
    // sequence values commit out of order.
    public static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PostgresModel).Assembly,
            t => t.Namespace == typeof(Configurations.FoldQueueEntryConfiguration).Namespace);
}
