using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using RankingsWeb.Data.Entities;

namespace RankingsWeb.Data;

/// <summary>The rankings store and ASP.NET Core Identity's tables, in one database.</summary>
public class RankingsDbContext : IdentityDbContext<IdentityUser>, IDataProtectionKeyContext
{
    /// <summary>The key ring that signs cookies and antiforgery tokens, shared by every web node.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public RankingsDbContext(DbContextOptions<RankingsDbContext> options) : base(options)
    {
    }

    /// <summary>For <see cref="PostgresMigrationsContext"/>: the same model, its own migration set.</summary>
    protected RankingsDbContext(DbContextOptions options) : base(options)
    {
    }

    public DbSet<UsageRecord> UsageRecords => Set<UsageRecord>();
    public DbSet<IngestBatch> IngestBatches => Set<IngestBatch>();
    public DbSet<RejectedLine> RejectedLines => Set<RejectedLine>();
    public DbSet<RejectionCount> RejectionCounts => Set<RejectionCount>();
    public DbSet<Rollup> Rollups => Set<Rollup>();
    public DbSet<DimensionRollup> DimensionRollups => Set<DimensionRollup>();
    public DbSet<AppEntry> Apps => Set<AppEntry>();
    public DbSet<AggregationState> AggregationState => Set<AggregationState>();
    public DbSet<SavedView> SavedViews => Set<SavedView>();
    public DbSet<AppOwner> AppOwners => Set<AppOwner>();
    public DbSet<AppAlias> AppAliases => Set<AppAlias>();
    public DbSet<ListingAudit> ListingAudit => Set<ListingAudit>();
    public DbSet<ListingVersion> ListingVersion => Set<ListingVersion>();
    public DbSet<AppAttribution> AppAttribution => Set<AppAttribution>();

    /// <summary>
    /// Our tables' column names are their properties' in snake_case (EFCore.NamingConventions); <see cref="ModelNames"/>
    /// lists the names that stay as they were.
    /// </summary>
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) => optionsBuilder.UseSnakeCaseNamingConvention();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(RankingsDbContext).Assembly,
            t => t.Namespace == typeof(Configurations.AppEntryConfiguration).Namespace);
        if (Database.IsSqlite()) Sqlite.SqliteModel.Configure(modelBuilder);
        if (Database.IsNpgsql()) Postgres.PostgresModel.Configure(modelBuilder);
        ModelNames.KeepFrameworkAndConstraintNames(modelBuilder);
    }
}

/// <summary>
/// The PostgreSQL migration set: a context type of its own so EF keeps its migrations apart from SQLite's.
/// Used only to migrate; the app itself uses <see cref="RankingsDbContext"/> with the Npgsql provider.
/// </summary>
public sealed class PostgresMigrationsContext(DbContextOptions<PostgresMigrationsContext> options) : RankingsDbContext(options);
