using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RankingsWeb.Data.Aggregation;
using RankingsWeb.Data.Apps;
using RankingsWeb.Data.Demo;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Data;

public static class DataServiceCollectionExtensions
{
    public const string DefaultConnectionString = "Data Source=data/rankings.db";

    public static IServiceCollection AddRankingsData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RankingsOptions>().BindConfiguration(RankingsOptions.Section);
        var options = configuration.GetSection(RankingsOptions.Section).Get<RankingsOptions>() ?? new RankingsOptions();
        if (!string.Equals(options.Database, "Sqlite", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Rankings:Database '{options.Database}' is not supported by this build; use Sqlite.");

        var connectionString = configuration.GetConnectionString("Rankings") is { Length: > 0 } cs ? cs : DefaultConnectionString;
        var database = new SqliteDatabase(connectionString);
        services.AddSingleton(database);
        services.AddSingleton<IReadConnections>(database);
        services.AddDbContextFactory<RankingsDbContext>(o => o.UseSqlite(database.ConnectionString));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IUsageStore, SqliteUsageStore>();
        services.AddSingleton<IRollupFolder, SqliteRollupFolder>();
        services.AddSingleton<IngestionService>();
        services.AddSingleton<RankingsQueries>();
        services.AddSingleton<StatusQueries>();
        services.AddSingleton<EntityQueries>();
        services.AddSingleton<AnalyticsQueries>();
        services.AddSingleton<Analytics.SavedViews>();
        services.AddSingleton<Analytics.IngestionHealthQueries>();
        services.AddSingleton<AppListing>();
        services.AddSingleton<AppOwners>();
        services.AddSingleton<DemoDataSeeder>();
        return services;
    }

    /// <summary>Applies pending migrations (no EnsureCreated anywhere in the product).</summary>
    public static async Task MigrateRankingsDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        var factory = services.GetRequiredService<IDbContextFactory<RankingsDbContext>>();
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.Database.MigrateAsync(ct);
        await using var conn = await services.GetRequiredService<SqliteDatabase>().OpenAsync(ct);
    }
}
