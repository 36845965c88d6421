using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RankingsWeb.Data.Catalog;
using RankingsWeb.Data.Aggregation;
using RankingsWeb.Data.Apps;
using RankingsWeb.Data.Demo;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Data.Postgres;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Data;

public static class DataServiceCollectionExtensions
{
    public const string DefaultConnectionString = "Data Source=data/rankings.db";

    public static IServiceCollection AddRankingsData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RankingsOptions>().BindConfiguration(RankingsOptions.Section);
        var options = configuration.GetSection(RankingsOptions.Section).Get<RankingsOptions>() ?? new RankingsOptions();
        services.TryAddSingleton(TimeProvider.System);
        if (string.Equals(options.Database, "Postgres", StringComparison.OrdinalIgnoreCase))
        {
            AddPostgres(services, configuration.GetConnectionString("Rankings")
                ?? throw new InvalidOperationException("Rankings:Database=Postgres needs ConnectionStrings:Rankings."));
            return AddCommon(services);
        }
        if (!string.Equals(options.Database, "Sqlite", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Rankings:Database must be Sqlite or Postgres (got '{options.Database}').");

        var connectionString = configuration.GetConnectionString("Rankings") is { Length: > 0 } cs ? cs : DefaultConnectionString;
        // Created by the container so that it is disposed with it: the writer connection closes with the host.
        SqliteDatabase.ConfigureLibrary(); // before anything opens a connection
        services.AddSingleton(_ => new SqliteDatabase(connectionString));
        services.AddSingleton<IReadConnections>(sp => sp.GetRequiredService<SqliteDatabase>());
        services.AddDbContextFactory<RankingsDbContext>((sp, o) => o.UseSqlite(sp.GetRequiredService<SqliteDatabase>().ConnectionString));
        services.AddSingleton<IUsageStore, SqliteUsageStore>();
        services.AddSingleton<IRollupFolder, SqliteRollupFolder>();
        services.AddSingleton(sp => new StatusQueries(sp.GetRequiredService<IReadConnections>()));
        return AddCommon(services);
    }

    private static void AddPostgres(IServiceCollection services, string connectionString)
    {
        // Created by the container so that it is disposed with it: its pool's connections close with the host.
        services.AddSingleton(_ => new PostgresDatabase(connectionString));
        services.AddSingleton<IReadConnections>(sp => sp.GetRequiredService<PostgresDatabase>());
        services.AddDbContextFactory<RankingsDbContext>((sp, o) => o.UseNpgsql(sp.GetRequiredService<PostgresDatabase>().DataSource));
        services.AddSingleton<IUsageStore, PostgresUsageStore>();
        services.AddSingleton<IRollupFolder, PostgresRollupFolder>();
        services.AddSingleton(sp => new StatusQueries(sp.GetRequiredService<IReadConnections>(), queued: true));
    }

    private static IServiceCollection AddCommon(IServiceCollection services)
    {
        services.AddSingleton<IngestionService>();
        services.AddSingleton(sp => NameCatalog.Create(CatalogPath(sp)));
        services.AddSingleton<ReadScopes>();
        services.AddSingleton<RankingsQueries>();
        services.AddSingleton<PublicVersionQueries>();
        services.AddSingleton<EntityQueries>();
        services.AddSingleton<ProviderQueries>();
        services.AddSingleton<AnalyticsQueries>();
        services.AddSingleton<Analytics.SavedViews>();
        services.AddSingleton<Analytics.IngestionHealthQueries>();
        services.AddSingleton<AppListing>();
        services.AddSingleton<AppOwners>();
        services.AddSingleton<DemoDataSeeder>();
        return services;
    }

    /// <summary>The override catalog's full path: relative to the content root (the working directory without a host).</summary>
    private static string? CatalogPath(IServiceProvider sp)
    {
        var path = sp.GetRequiredService<IOptions<RankingsOptions>>().Value.ModelCatalogPath;
        if (string.IsNullOrWhiteSpace(path)) return null;
        var root = sp.GetService<IHostEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory();
        return Path.GetFullPath(path, root);
    }

    /// <summary>Applies pending migrations (no EnsureCreated anywhere in the product).</summary>
    public static async Task MigrateRankingsDatabaseAsync(this IServiceProvider services, CancellationToken ct = default)
    {
        if (services.GetService<PostgresDatabase>() is { } pg)
        {
            await using var migrations = new PostgresMigrationsContext(
                new DbContextOptionsBuilder<PostgresMigrationsContext>().UseNpgsql(pg.DataSource).Options);
            await migrations.Database.MigrateAsync(ct);
            return;
        }
        var factory = services.GetRequiredService<IDbContextFactory<RankingsDbContext>>();
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.Database.MigrateAsync(ct);
        await using var conn = await services.GetRequiredService<SqliteDatabase>().OpenAsync(ct);
        Ingestion.LegacyRecords.Pack(conn);
    }
}
