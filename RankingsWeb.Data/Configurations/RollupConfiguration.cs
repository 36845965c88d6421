using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RankingsWeb.Data.Entities;

namespace RankingsWeb.Data.Configurations;

internal sealed class RollupConfiguration : IEntityTypeConfiguration<Rollup>
{
    public void Configure(EntityTypeBuilder<Rollup> b)
    {
        b.ToTable("rollups");
        // Day first: every read is a day range, so the primary key is also the scan index.
        b.HasKey(x => new { x.Day, x.ModelKey, x.Variant, x.AppKey, x.Category, x.Provider });
    }
}
