using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RankingsWeb.Data;
using RankingsWeb.Data.Sqlite;

namespace RankingsWeb.Tests.TestInfrastructure;

/// <summary>The data services over a fresh, migrated SQLite file; no web host.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "rankings-tests", Guid.NewGuid().ToString("N"));

    private TestDatabase(ServiceProvider services) => Services = services;

    public ServiceProvider Services { get; private set; }

    /// <param name="migrate">false: the caller migrates (to test a migration itself).</param>
    public static async Task<TestDatabase> CreateAsync(Action<IServiceCollection>? configure = null, bool migrate = true)
    {
        var db = new TestDatabase(null!);
        Directory.CreateDirectory(db._dir);
        db.Services = DataServices(
            TestProvider.IsPostgres ? TestProvider.CreatePostgresDatabase() : $"Data Source={Path.Combine(db._dir, "rankings.db")}",
            TestProvider.IsPostgres, configure);
        if (migrate) await db.Services.MigrateRankingsDatabaseAsync();
        return db;
    }

    /// <summary>The data services on <paramref name="connectionString"/>, configured as the app configures them (a second node on one database, say).</summary>
    public static ServiceProvider DataServices(string connectionString, bool postgres, Action<IServiceCollection>? configure = null)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Rankings"] = connectionString,
            ["Rankings:Database"] = postgres ? "Postgres" : "Sqlite",
            ["Rankings:SeedDemoData"] = "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(config);
        services.AddRankingsData(config);
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public string ConnectionString => Get<SqliteDatabase>().ConnectionString;

    /// <summary>Ingests test records through the real ingestion service (parser, validation, store).</summary>
    public async Task<RankingsWeb.Data.Ingestion.IngestSummary> IngestAsync(IEnumerable<TestRecord> records)
    {
        using var body = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(TestRecord.Ndjson(records)));
        return await Get<RankingsWeb.Data.Ingestion.IngestionService>().IngestAsync(body, RankingsWeb.Data.Ingestion.IngestReader.Format.Ndjson, "test", CancellationToken.None);
    }

    /// <summary>Ingests <paramref name="count"/> generated records over the 10 days up to <paramref name="lastDay"/>; all must be accepted.</summary>
    public async Task<List<TestRecord>> IngestGeneratedAsync(int count, DateOnly lastDay, int seed)
    {
        var records = RecordMaker.Make(count, lastDay, 10, seed);
        Assert.Equal(count, (await IngestAsync(records)).Accepted);
        return records;
    }

    /// <summary>Ingests five batches while four folds run in a loop, then folds the rest; returns what was ingested.</summary>
    public async Task<List<TestRecord>> IngestWhileFoldingAsync(RankingsWeb.Data.Aggregation.IRollupFolder folder, int batchSize, int seed, DateOnly lastDay)
    {
        var ingest = Task.Run(async () =>
        {
            var all = new List<TestRecord>();
            for (var s = 0; s < 5; s++) all.AddRange(await IngestGeneratedAsync(batchSize, lastDay, seed + s));
            return all;
        });
        var folds = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!ingest.IsCompleted) await folder.FoldAsync(CancellationToken.None);
        })).ToList();
        var records = await ingest;
        await Task.WhenAll(folds);
        await folder.FoldAsync(CancellationToken.None);
        return records;
    }

    /// <summary>
    /// Folds what was stored, once every stored batch can be folded (<see cref="WaitUntilFoldableAsync()"/>); returns the
    /// records folded (an error of the fold propagates).
    /// </summary>
    public Task<long> FoldPendingAsync(RankingsWeb.Data.Aggregation.IRollupFolder? folder = null) => FoldPendingAsync(Services, folder);

    /// <summary>
    /// <see cref="FoldPendingAsync(RankingsWeb.Data.Aggregation.IRollupFolder?)"/> on any data services: a web host's
    /// (<c>app.Services</c>) as well as a <see cref="TestDatabase"/>'s.
    /// </summary>
    public static async Task<long> FoldPendingAsync(IServiceProvider services, RankingsWeb.Data.Aggregation.IRollupFolder? folder = null)
    {
        await WaitUntilFoldableAsync(services);
        return (await (folder ?? services.GetRequiredService<RankingsWeb.Data.Aggregation.IRollupFolder>()).FoldAsync(CancellationToken.None)).RecordsFolded;
    }

    /// <summary>
    /// PostgreSQL: waits until every stored batch is below the fold's horizon. That horizon is the oldest transaction
    /// running anywhere in the cluster, so a writer in another database on the same server (another test run's CREATE
    /// DATABASE, migration or ingest) leaves this database's batches for a later fold, with nothing lost
    /// (<c>PostgresFoldTests.WriterInAnotherDatabase_HoldsTheFoldBack_ThenItFoldsOnce</c>). Once past, the horizon never
    /// falls back (later transactions get higher ids), so a test may then assert what each FoldAsync folds.
    /// SQLite folds every committed block: nothing to wait for.
    /// </summary>
    public Task WaitUntilFoldableAsync() => WaitUntilFoldableAsync(Services);

    /// <summary>
    /// <see cref="WaitUntilFoldableAsync()"/> on any data services, a web host's included: waits on the database those
    /// services use when it is PostgreSQL, and returns at once on SQLite.
    /// </summary>
    public static async Task WaitUntilFoldableAsync(IServiceProvider services)
    {
        if (services.GetService<RankingsWeb.Data.Postgres.PostgresDatabase>() is not { } postgres) return;
        await using var conn = await postgres.DataSource.OpenConnectionAsync();
        await using var cmd = new Npgsql.NpgsqlCommand(
            "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint > COALESCE((SELECT MAX(xid) FROM ingest_batches), 0)", conn);
        // Not a timing assertion: a bound on a wait of milliseconds to seconds, so a transaction left open on the server
        // fails the test with a reason instead of hanging the run.
        var giveUp = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!(bool)(await cmd.ExecuteScalarAsync())!)
        {
            Assert.True(DateTime.UtcNow < giveUp, "a transaction open on the server held the fold's horizon below this database's batches for 2 minutes");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
