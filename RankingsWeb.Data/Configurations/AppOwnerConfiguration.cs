using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RankingsWeb.Data.Entities;

namespace RankingsWeb.Data.Configurations;

internal sealed class AppOwnerConfiguration : IEntityTypeConfiguration<AppOwner>
{
    public void Configure(EntityTypeBuilder<AppOwner> b)
    {
        b.ToTable("app_owners");
        b.HasKey(x => new { x.AppKey, x.UserId });
        b.HasIndex(x => x.UserId).HasDatabaseName("ix_app_owners_user");
    }
}
