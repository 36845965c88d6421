using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RankingsWeb.Data.Entities;

namespace RankingsWeb.Data.Configurations;

internal sealed class RejectedLineConfiguration : IEntityTypeConfiguration<RejectedLine>
{
    public void Configure(EntityTypeBuilder<RejectedLine> b)
    {
        b.ToTable("rejected_lines");
        b.HasKey(x => x.Id);
        b.Property(x => x.Reason).HasDefaultValue("");
        b.HasIndex(x => new { x.Reason, x.ReceivedAt }).HasDatabaseName("ix_rejected_lines_reason");
        b.HasIndex(x => x.BatchId).HasDatabaseName("ix_rejected_lines_batch_id");
        b.HasIndex(x => x.ReceivedAt).HasDatabaseName("ix_rejected_lines_received_at");
    }
}
