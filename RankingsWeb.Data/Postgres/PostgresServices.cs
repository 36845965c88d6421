using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using RankingsWeb.Data.Aggregation;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Data.Queries;
using RankingsWeb.Data.Retention;

namespace RankingsWeb.Data.Postgres;

internal static class PostgresServices
{
    public static void Add(IServiceCollection services, string connectionString)
    {
        // Created by the container so that it is disposed with it: its pool's connections close with the host.
        services.AddSingleton(_ => new PostgresDatabase(connectionString));
        services.AddSingleton<IReadConnections>(sp => sp.GetRequiredService<PostgresDatabase>());
        services.AddDbContextFactory<RankingsDbContext>((sp, o) => o.UseNpgsql(sp.GetRequiredService<PostgresDatabase>().DataSource));
        // PostgreSQL's migration set belongs to a context type of its own (PostgresMigrationsContext).
        services.AddSingleton(sp => new SchemaMigrations(() => new PostgresMigrationsContext(
            new DbContextOptionsBuilder<PostgresMigrationsContext>().UseNpgsql(sp.GetRequiredService<PostgresDatabase>().DataSource)
            .ReplaceService<IHistoryRepository, PostgresHistoryRepository>().Options),
            // The partitions for today and the days ahead exist before anything is ingested.
            afterMigrate: ct => sp.GetRequiredService<PostgresPartitions>().EnsureAsync(Days.Today(sp.GetRequiredService<TimeProvider>()), ct)));
        services.AddSingleton<PostgresPartitions>();
        services.AddSingleton<PostgresIngestEpoch>();
        services.AddSingleton<IUsageStore, PostgresUsageStore>();
        services.AddSingleton<PostgresRollupFolder>();
        services.AddSingleton<IRollupFolder>(sp => new Telemetry.InstrumentedRollupFolder(sp.GetRequiredService<PostgresRollupFolder>(), sp.GetRequiredService<Telemetry.RankingsMetrics>()));
        services.AddSingleton<IPendingCount, PostgresPendingCount>();
        services.AddSingleton<IRawRetention, PostgresRawRetention>();
        services.AddSingleton<IRefolder, PostgresRefolder>();
    }
}
