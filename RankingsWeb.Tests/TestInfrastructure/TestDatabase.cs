using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RankingsWeb.Data;

namespace RankingsWeb.Tests.TestInfrastructure;

/// <summary>The data services over a fresh, migrated SQLite file; no web host.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "rankings-tests", Guid.NewGuid().ToString("N"));

    private TestDatabase(ServiceProvider services) => Services = services;

    public ServiceProvider Services { get; private set; }

    public static async Task<TestDatabase> CreateAsync(Action<IServiceCollection>? configure = null)
    {
        var db = new TestDatabase(null!);
        Directory.CreateDirectory(db._dir);
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Rankings"] = TestProvider.IsPostgres ? TestProvider.CreatePostgresDatabase() : $"Data Source={Path.Combine(db._dir, "rankings.db")}",
            ["Rankings:Database"] = TestProvider.IsPostgres ? "Postgres" : "Sqlite",
            ["Rankings:SeedDemoData"] = "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(config);
        services.AddRankingsData(config);
        configure?.Invoke(services);
        db.Services = services.BuildServiceProvider();
        await db.Services.MigrateRankingsDatabaseAsync();
        return db;
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
