using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RankingsWeb.Data.Entities;

namespace RankingsWeb.Data.Configurations;

internal sealed class AppEntryConfiguration : IEntityTypeConfiguration<AppEntry>
{
    public void Configure(EntityTypeBuilder<AppEntry> b)
    {
        b.ToTable("apps");
        b.HasKey(x => x.Key);
        b.HasIndex(x => x.Listed).HasDatabaseName("ix_apps_listed");
    }
}
