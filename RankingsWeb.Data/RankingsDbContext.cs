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

    /// <summary>A record's derived keys: columns of <see cref="UsageRecord"/> on PostgreSQL.</summary>
    private static readonly (string Property, string Column)[] DerivedKeyColumns =
    [
        (nameof(UsageRecord.ModelKey), "model_key"), (nameof(UsageRecord.Variant), "variant"), (nameof(UsageRecord.Author), "author"),
        (nameof(UsageRecord.AppKey), "app_key"), (nameof(UsageRecord.AppTitle), "app_title"), (nameof(UsageRecord.AppSource), "app_source"),
        (nameof(UsageRecord.Category), "category"), (nameof(UsageRecord.Provider), "provider"),
    ];

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(RankingsDbContext).Assembly);
        if (Database.IsSqlite())
        {
            // Records are stored packed (RecordBlockEntry), their ids once each in a table of their own.
            modelBuilder.Ignore<UsageRecord>();
            modelBuilder.Entity<RecordBlockEntry>(b =>
            {
                b.ToTable("record_blocks");
                b.HasKey(x => x.Seq);
                b.Property(x => x.Seq).HasColumnName("seq").HasAnnotation("Sqlite:Autoincrement", true);
                b.Property(x => x.BatchId).HasColumnName("batch_id");
                b.Property(x => x.Records).HasColumnName("records");
                b.Property(x => x.Data).HasColumnName("data");
            });
            modelBuilder.Entity<RecordIdEntry>(b =>
            {
                b.ToTable("record_ids");
                b.HasKey(x => x.Id);
                b.Property(x => x.Id).HasColumnName("id");
                b.Property(x => x.BatchId).HasColumnName("batch_id");
            });
            // The cube is stored compactly (see CubeKey); rollups is a view over it with the same columns.
            modelBuilder.Entity<Rollup>().ToView("rollups");
            modelBuilder.Entity<CubeKey>(b =>
            {
                b.ToTable("cube_keys");
                b.HasKey(x => x.Id);
                b.Property(x => x.Id).HasColumnName("id");
                b.Property(x => x.ModelKey).HasColumnName("model_key");
                b.Property(x => x.Variant).HasColumnName("variant");
                b.Property(x => x.AppKey).HasColumnName("app_key");
                b.Property(x => x.Category).HasColumnName("category");
                b.Property(x => x.Provider).HasColumnName("provider");
                b.Property(x => x.Author).HasColumnName("author");
                b.HasIndex(x => new { x.ModelKey, x.Variant, x.AppKey, x.Category, x.Provider }).IsUnique().HasDatabaseName("ux_cube_keys");
            });
            modelBuilder.Entity<CubeEntry>(b =>
            {
                b.ToTable("cube");
                b.HasKey(x => new { x.KeyId, x.Day });
                b.Property(x => x.Day).HasColumnName("day");
                b.Property(x => x.KeyId).HasColumnName("key_id");
                b.Property(x => x.TokensPrompt).HasColumnName("tokens_prompt");
                b.Property(x => x.TokensCompletion).HasColumnName("tokens_completion");
                b.Property(x => x.TokensReasoning).HasColumnName("tokens_reasoning");
                b.Property(x => x.TokensCached).HasColumnName("tokens_cached");
                b.Property(x => x.Requests).HasColumnName("requests");
                b.Property(x => x.CostNanos).HasColumnName("cost_nanos");
            });
        }
        else
        {
            modelBuilder.Entity<UsageRecord>(b =>
            {
                foreach (var (property, column) in DerivedKeyColumns) b.Property(property).HasColumnName(column);
            });
            modelBuilder.Ignore<RecordBlockEntry>();
            modelBuilder.Ignore<RecordIdEntry>();
            modelBuilder.Ignore<CubeKey>();
            modelBuilder.Ignore<CubeEntry>();
        }
        if (Database.IsNpgsql())
        {
            // PostgreSQL's fold works from a queue, not a high-water mark: sequence values commit out of order.
            modelBuilder.Entity<FoldQueueEntry>(b =>
            {
                b.ToTable("fold_queue");
                b.HasKey(x => x.Seq);
                b.Property(x => x.Seq).HasColumnName("seq").ValueGeneratedNever();
            });
        }
    }
}

/// <summary>
/// The PostgreSQL migration set: a context type of its own so EF keeps its migrations apart from SQLite's.
/// Used only to migrate; the app itself uses <see cref="RankingsDbContext"/> with the Npgsql provider.
/// </summary>
public sealed class PostgresMigrationsContext(DbContextOptions<PostgresMigrationsContext> options) : RankingsDbContext(options);
