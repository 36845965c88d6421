using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RankingsWeb.Data.Entities;

namespace RankingsWeb.Data.Configurations;

internal sealed class AggregationStateConfiguration : IEntityTypeConfiguration<AggregationState>
{
    public void Configure(EntityTypeBuilder<AggregationState> b)
    {
        b.ToTable("aggregation_state");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.HasData(new AggregationState { Id = 1 });
    }
}
