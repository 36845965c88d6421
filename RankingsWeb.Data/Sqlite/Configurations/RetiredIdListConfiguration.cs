using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RankingsWeb.Data.Sqlite.Configurations;

internal sealed class RetiredIdListConfiguration : IEntityTypeConfiguration<RetiredIdList>
{
    public void Configure(EntityTypeBuilder<RetiredIdList> b)
    {
        b.ToTable("retired_ids");
        b.HasKey(x => x.Seq);
        // The seq of the deleted block, not a new number.
        b.Property(x => x.Seq).ValueGeneratedNever();
    }
}
