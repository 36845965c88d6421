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
    public DbSet<Rollup> Rollups => Set<Rollup>();
    public DbSet<DimensionRollup> DimensionRollups => Set<DimensionRollup>();
    public DbSet<AppEntry> Apps => Set<AppEntry>();
    public DbSet<AggregationState> AggregationState => Set<AggregationState>();
    public DbSet<SavedView> SavedViews => Set<SavedView>();
    public DbSet<AppOwner> AppOwners => Set<AppOwner>();
    public DbSet<AppAlias> AppAliases => Set<AppAlias>();
    public DbSet<ListingAudit> ListingAudit => Set<ListingAudit>();
    public DbSet<AppAttribution> AppAttribution => Set<AppAttribution>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(RankingsDbContext).Assembly);
        if (Database.IsSqlite())
        {
            modelBuilder.Entity<UsageRecord>(b =>
            {
                b.Ignore(x => x.ModelKey);
                b.Ignore(x => x.Variant);
                b.Ignore(x => x.Author);
                b.Ignore(x => x.AppKey);
                b.Ignore(x => x.AppTitle);
                b.Ignore(x => x.AppSource);
                b.Ignore(x => x.Category);
                b.Ignore(x => x.Provider);
                b.Property(x => x.ComboId).HasColumnName("combo_id");
            });
            modelBuilder.Entity<RecordCombo>(b =>
            {
                b.ToTable("record_combos");
                b.HasKey(x => x.Id);
                b.Property(x => x.Id).HasColumnName("id");
                b.Property(x => x.ModelKey).HasColumnName("model_key");
                b.Property(x => x.Variant).HasColumnName("variant");
                b.Property(x => x.Author).HasColumnName("author");
                b.Property(x => x.AppKey).HasColumnName("app_key");
                b.Property(x => x.AppTitle).HasColumnName("app_title");
                b.Property(x => x.AppSource).HasColumnName("app_source");
                b.Property(x => x.Category).HasColumnName("category");
                b.Property(x => x.Provider).HasColumnName("provider");
                b.Property(x => x.KeyHash).HasColumnName("key_hash");
                b.HasIndex(x => x.KeyHash).HasDatabaseName("ix_record_combos_key_hash");
            });
        }
        else
        {
            modelBuilder.Entity<UsageRecord>(b =>
            {
                b.Ignore(x => x.ComboId);
                b.Property(x => x.ModelKey).HasColumnName("model_key");
                b.Property(x => x.Variant).HasColumnName("variant");
                b.Property(x => x.Author).HasColumnName("author");
                b.Property(x => x.AppKey).HasColumnName("app_key");
                b.Property(x => x.AppTitle).HasColumnName("app_title");
                b.Property(x => x.AppSource).HasColumnName("app_source");
                b.Property(x => x.Category).HasColumnName("category");
                b.Property(x => x.Provider).HasColumnName("provider");
            });
            modelBuilder.Ignore<RecordCombo>();
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
