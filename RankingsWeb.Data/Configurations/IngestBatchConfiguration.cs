using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RankingsWeb.Data.Entities;

namespace RankingsWeb.Data.Configurations;

internal sealed class IngestBatchConfiguration : IEntityTypeConfiguration<IngestBatch>
{
    public void Configure(EntityTypeBuilder<IngestBatch> b)
    {
        b.ToTable("ingest_batches");
        b.HasKey(x => x.Id);
        b.Property(x => x.Source).HasMaxLength(200);
        b.HasIndex(x => x.ReceivedAt).HasDatabaseName("ix_ingest_batches_received_at");
    }
}
