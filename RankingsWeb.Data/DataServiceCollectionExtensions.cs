using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RankingsWeb.Data.Catalog;
using RankingsWeb.Data.Configuration;
using RankingsWeb.Data.Aggregation;
using RankingsWeb.Data.Apps;
using RankingsWeb.Data.Demo;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Data.Postgres;
using RankingsWeb.Data.Sqlite;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Data;

public static class DataServiceCollectionExtensions
{
    public const string DefaultConnectionString = "Data Source=data/rankings.db";

    public static IServiceCollection AddRankingsData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<RankingsOptions>(RankingsOptions.Section);
        services.AddSingleton<IValidateOptions<RankingsOptions>, RankingsOptions.Validator>();
        services.AddSingleton<IValidateOptions<RankingsOptions>, UnknownSettingsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        var connectionString = configuration.GetConnectionString("Rankings");
        switch (RankingsOptions.DatabaseIn(configuration))
        {
            case DatabaseProvider.Postgres:
                PostgresServices.Add(services, connectionString
                    ?? throw new InvalidOperationException("Rankings:Database=Postgres needs ConnectionStrings:Rankings."));
                break;
            case DatabaseProvider.Sqlite:
                SqliteServices.Add(services, connectionString is { Length: > 0 } ? connectionString : DefaultConnectionString);
                break;
        }
        return AddCommon(services);
    }

    private static IServiceCollection AddCommon(IServiceCollection services)
    {
        services.AddMetrics(); // IMeterFactory (a host has it already; the CLI's and tests' bare containers may not)
        services.AddSingleton<Telemetry.FoldBacklog>();
        services.AddSingleton<Telemetry.RankingsMetrics>();
        services.AddSingleton<IngestionService>();
        services.AddSingleton<Retention.RetentionPolicy>();
        services.AddSingleton<StatusQueries>();
        services.AddSingleton(sp => NameCatalog.Create(CatalogPath(sp)));
        services.AddSingleton<ReadScopes>();
        services.AddSingleton<RankingsQueries>();
        services.AddSingleton<GrowthQueries>();
        services.AddSingleton<PublicVersionQueries>();
        services.AddSingleton<EntityQueries>();
        services.AddSingleton<ProviderQueries>();
        services.AddSingleton<AnalyticsQueries>();
        services.AddSingleton<Analytics.SavedViews>();
        services.AddSingleton<Analytics.IngestionHealthQueries>();
        services.AddSingleton<AppListing>();
        services.AddSingleton<AppOwners>();
        services.AddSingleton<DemoDataSeeder>();
        services.AddSingleton<DemoDataQueries>();
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

    /// <summary>
    /// Applies pending migrations (no EnsureCreated anywhere in the product). A database written by a migration this
    /// version does not know throws <see cref="UnknownSchemaException"/>.
    /// </summary>
    public static Task MigrateRankingsDatabaseAsync(this IServiceProvider services, CancellationToken ct = default) =>
        services.GetRequiredService<SchemaMigrations>().MigrateAsync(ct);
}
