using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using RankingsWeb.Data.Aggregation;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Data.Sqlite;

internal static class SqliteServices
{
    public static void Add(IServiceCollection services, string connectionString)
    {
        SqliteDatabase.ConfigureLibrary(); // before anything opens a connection
        // Created by the container so that it is disposed with it: the writer connection closes with the host.
        services.AddSingleton(_ => new SqliteDatabase(connectionString));
        services.AddSingleton<IReadConnections>(sp => sp.GetRequiredService<SqliteDatabase>());
        services.AddDbContextFactory<RankingsDbContext>((sp, o) => o.UseSqlite(sp.GetRequiredService<SqliteDatabase>().ConnectionString)
            .ReplaceService<IHistoryRepository, SqliteHistoryRepository>());
        services.AddSingleton(sp => new SchemaMigrations(() => sp.GetRequiredService<IDbContextFactory<RankingsDbContext>>().CreateDbContext()));
        services.AddSingleton<IUsageStore, SqliteUsageStore>();
        services.AddSingleton<SqliteRollupFolder>();
        services.AddSingleton<IRollupFolder>(sp => new Telemetry.InstrumentedRollupFolder(sp.GetRequiredService<SqliteRollupFolder>(), sp.GetRequiredService<Telemetry.RankingsMetrics>()));
        services.AddSingleton<IPendingCount, SqlitePendingCount>();
        services.AddSingleton<Retention.IRawRetention, SqliteRawRetention>();
        services.AddSingleton<Retention.IRefolder, SqliteRefolder>();
    }
}
