using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RankingsWeb.Data.Entities;

namespace RankingsWeb.Data.Configurations;

internal sealed class ListingVersionConfiguration : IEntityTypeConfiguration<ListingVersion>
{
    public void Configure(EntityTypeBuilder<ListingVersion> b)
    {
        b.ToTable("listing_version");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.HasData(new ListingVersion { Id = 1 });
    }
}
