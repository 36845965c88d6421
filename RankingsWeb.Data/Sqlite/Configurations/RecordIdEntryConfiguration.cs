using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RankingsWeb.Data.Entities;

namespace RankingsWeb.Data.Sqlite.Configurations;

internal sealed class RecordIdEntryConfiguration : IEntityTypeConfiguration<RecordIdEntry>
{
    public void Configure(EntityTypeBuilder<RecordIdEntry> b)
    {
        b.ToTable("record_ids");
        b.HasKey(x => x.Id);
    }
}
