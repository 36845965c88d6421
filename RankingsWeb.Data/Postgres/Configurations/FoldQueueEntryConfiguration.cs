using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RankingsWeb.Data.Entities;

namespace RankingsWeb.Data.Postgres.Configurations;

internal sealed class FoldQueueEntryConfiguration : IEntityTypeConfiguration<FoldQueueEntry>
{
    public void Configure(EntityTypeBuilder<FoldQueueEntry> b)
    {
        b.ToTable("fold_queue");
        b.HasKey(x => x.Seq);
        b.Property(x => x.Seq).ValueGeneratedNever();
    }
}
