using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RankingsWeb.Data.Entities;

namespace RankingsWeb.Data.Postgres.Configurations;

internal sealed class UsageRecordConfiguration : IEntityTypeConfiguration<UsageRecord>
{
    public void Configure(EntityTypeBuilder<UsageRecord> b)
    {
        b.ToTable("usage_records");
        b.HasKey(x => x.Seq);
        b.Property(x => x.Seq).ValueGeneratedOnAdd();
        b.Property(x => x.Id).HasMaxLength(128);
        b.HasIndex(x => x.Id).IsUnique().HasDatabaseName("ux_usage_records_id");
    }
}
