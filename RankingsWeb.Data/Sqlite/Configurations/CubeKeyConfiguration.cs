using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RankingsWeb.Data.Entities;

namespace RankingsWeb.Data.Sqlite.Configurations;

internal sealed class CubeKeyConfiguration : IEntityTypeConfiguration<CubeKey>
{
    public void Configure(EntityTypeBuilder<CubeKey> b)
    {
        b.ToTable("cube_keys");
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.ModelKey, x.Variant, x.AppKey, x.Category, x.Provider }).IsUnique().HasDatabaseName("ux_cube_keys");
    }
}
