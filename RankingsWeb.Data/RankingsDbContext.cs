using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using RankingsWeb.Data.Entities;

namespace RankingsWeb.Data;

/// <summary>The rankings store and ASP.NET Core Identity's tables, in one database.</summary>
public sealed class RankingsDbContext(DbContextOptions<RankingsDbContext> options) : IdentityDbContext<IdentityUser>(options)
{
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
    }
}
