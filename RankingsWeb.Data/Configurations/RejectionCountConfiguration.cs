using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RankingsWeb.Data.Entities;

namespace RankingsWeb.Data.Configurations;

internal sealed class RejectionCountConfiguration : IEntityTypeConfiguration<RejectionCount>
{
    public void Configure(EntityTypeBuilder<RejectionCount> b)
    {
        b.ToTable("rejection_counts");
        b.HasKey(x => new { x.BatchId, x.Reason });
        b.HasIndex(x => x.ReceivedAt).HasDatabaseName("ix_rejection_counts_received_at");
    }
}
