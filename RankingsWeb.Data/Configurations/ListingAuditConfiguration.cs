using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RankingsWeb.Data.Entities;

namespace RankingsWeb.Data.Configurations;

internal sealed class ListingAuditConfiguration : IEntityTypeConfiguration<ListingAudit>
{
    public void Configure(EntityTypeBuilder<ListingAudit> b)
    {
        b.ToTable("listing_audit");
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.AppKey, x.ChangedAt }).HasDatabaseName("ix_listing_audit_app");
    }
}
