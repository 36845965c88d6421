using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RankingsWeb.Data.Entities;

namespace RankingsWeb.Data.Configurations;

internal sealed class DimensionRollupConfiguration : IEntityTypeConfiguration<DimensionRollup>
{
    public void Configure(EntityTypeBuilder<DimensionRollup> b)
    {
        b.ToTable("dimension_rollups");
        b.HasKey(x => new { x.Dimension, x.Day, x.Key });
    }
}
