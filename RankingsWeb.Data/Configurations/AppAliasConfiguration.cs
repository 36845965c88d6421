using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RankingsWeb.Data.Entities;

namespace RankingsWeb.Data.Configurations;

internal sealed class AppAliasConfiguration : IEntityTypeConfiguration<AppAlias>
{
    public void Configure(EntityTypeBuilder<AppAlias> b)
    {
        b.ToTable("app_aliases");
        b.HasKey(x => x.AliasKey);
        b.HasIndex(x => new { x.AppKey, x.Status }).HasDatabaseName("ix_app_aliases_app");
    }
}
