using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RankingsWeb.Data.Entities;

namespace RankingsWeb.Data.Sqlite.Configurations;

internal sealed class RecordBlockEntryConfiguration : IEntityTypeConfiguration<RecordBlockEntry>
{
    public void Configure(EntityTypeBuilder<RecordBlockEntry> b)
    {
        b.ToTable("record_blocks");
        b.HasKey(x => x.Seq);
        b.Property(x => x.Seq).HasAnnotation("Sqlite:Autoincrement", true);
    }
}
