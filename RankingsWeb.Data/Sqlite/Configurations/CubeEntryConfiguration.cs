using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RankingsWeb.Data.Entities;

namespace RankingsWeb.Data.Sqlite.Configurations;

internal sealed class CubeEntryConfiguration : IEntityTypeConfiguration<CubeEntry>
{
    public void Configure(EntityTypeBuilder<CubeEntry> b)
    {
        b.ToTable("cube");
        b.HasKey(x => new { x.KeyId, x.Day });
    }
}
