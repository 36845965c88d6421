using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Microsoft.Data.Sqlite;
using RankingsWeb.Data;
using RankingsWeb.Data.Sqlite;
using RankingsWeb.Data.Ingestion;

namespace RankingsWeb.Jobs;

/// <summary>The one place that wires Hangfire: storage, server, the fold trigger and the recurring safety net.</summary>
public static class JobsServiceCollectionExtensions
{
    public static IServiceCollection AddRankingsJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RankingsOptions.Section).Get<RankingsOptions>() ?? new RankingsOptions();
        services.AddHangfire((sp, config) =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (string.Equals(options.JobStorage, "InMemory", StringComparison.OrdinalIgnoreCase))
            {
                config.UseInMemoryStorage();
            }
            else if (RankingsOptions.DatabaseIn(configuration) == DatabaseProvider.Postgres)
            {
                // Every node shares the job store in the same database: Hangfire coordinates the workers.
                // A SIGKILLed worker must not hold anything up for long. Its running job becomes visible to other
                // workers again one InvisibilityTimeout after its last heartbeat (sliding: live jobs are kept
                // invisible however long they run; the default is a fixed 30 minutes), and a Hangfire lock it held
                // (they are held for milliseconds: state changes, the schedulers) expires after a minute instead of ten.
                config.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(configuration.GetConnectionString("Rankings")),
                    new PostgreSqlStorageOptions
                    {
                        QueuePollInterval = TimeSpan.FromMilliseconds(500),
                        SchemaName = "hangfire",
                        UseSlidingInvisibilityTimeout = true,
                        InvisibilityTimeout = TimeSpan.FromMinutes(1),
                        DistributedLockTimeout = TimeSpan.FromMinutes(1),
                    });
            }
            else
            {
                // Its own file beside the rankings database: job polling never contends with ingestion.
                var db = sp.GetRequiredService<SqliteDatabase>();
                var dir = Path.GetDirectoryName(Path.GetFullPath(new SqliteConnectionStringBuilder(db.ConnectionString).DataSource)) ?? ".";
                config.UseSQLiteStorage(Path.Combine(dir, "hangfire.db"), new SQLiteStorageOptions
                {
                    QueuePollInterval = TimeSpan.FromMilliseconds(500),
                    // Held locks are renewed every fifth of this, so a short lifetime only bounds how long a
                    // lock of a killed process outlives it.
                    DistributedLockLifetime = TimeSpan.FromSeconds(30),
                    JobExpirationCheckInterval = TimeSpan.FromMinutes(10),
                });
            }
        });
        var serverName = new JobServerName($"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}");
        services.AddSingleton(serverName);
        if (options.HasRole("worker"))
        {
            services.AddHangfireServer(o =>
            {
                o.WorkerCount = 2;
                o.SchedulePollingInterval = SchedulePolling(options);
                o.ServerName = serverName.Value;
            });
        }
        services.AddSingleton(sp => new FoldTrigger(sp.GetRequiredService<IBackgroundJobClient>(), sp.GetRequiredService<JobStorage>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<FoldTrigger>>(), sp.GetRequiredService<FoldRunGuard>()));
        services.AddSingleton<FoldRunGuard>();
        services.AddSingleton<IIngestNotifier>(sp => sp.GetRequiredService<FoldTrigger>());
        services.AddTransient<FoldJob>();
        services.AddTransient<RetentionJob>();
        services.AddTransient<RefoldJob>();
        services.AddSingleton<RefoldRequests>();
        return services;
    }

    /// <summary>
    /// How often the recurring and delayed job schedulers look for work: a sixth of the safety net's period, between 1 s
    /// and 5 s (5 s for the default 30 s), so the safety net runs at most that late. Each look takes a lock in the job
    /// store; at 1 s the two schedulers took a quarter of an idle server's CPU. Folds after ingestion do not wait for
    /// them: they are enqueued, and workers poll the queue every 500 ms.
    /// </summary>
    internal static TimeSpan SchedulePolling(RankingsOptions options) =>
        TimeSpan.FromSeconds(Math.Clamp(SafetyNetSeconds(options) / 6.0, 1, 5));

    private static int SafetyNetSeconds(RankingsOptions options) => Math.Clamp(options.FoldSafetyNetSeconds, 1, 59);

    public static void StartRankingsJobs(this IServiceProvider services)
    {
        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RankingsOptions>>().Value;
        if (options.HasRole("worker")) // web/ingest nodes only enqueue; workers fold
        {
            var seconds = SafetyNetSeconds(options);
            services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<FoldJob>(
                FoldJob.RecurringId, job => job.RunAsync(CancellationToken.None), $"*/{seconds} * * * * *");
            services.GetRequiredService<IRecurringJobManager>().AddOrUpdate<RetentionJob>(
                RetentionJob.RecurringId, job => job.RunAsync(CancellationToken.None), RetentionJob.Schedule);
        }
        // Anything accepted before a restart and not yet folded is folded now. On an ingest node this also warms
        // the enqueue path: on a fresh node the first enqueue is slow, which made the first batch's fold late.
        if (options.HasRole("worker") || options.HasRole("ingest"))
            services.GetRequiredService<FoldTrigger>().RecordsCommitted(0);
    }
}

/// <summary>This process's Hangfire server name, unique per start, so readiness can find its own server among the others.</summary>
public sealed record JobServerName(string Value);
