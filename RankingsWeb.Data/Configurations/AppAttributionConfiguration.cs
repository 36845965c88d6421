using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RankingsWeb.Data.Entities;

namespace RankingsWeb.Data.Configurations;

internal sealed class AppAttributionConfiguration : IEntityTypeConfiguration<AppAttribution>
{
    public void Configure(EntityTypeBuilder<AppAttribution> b)
    {
        b.ToTable("app_attribution");
        b.HasKey(x => new { x.AppKey, x.Day, x.Source, x.Title });
        b.Property(x => x.Source).HasColumnName("app_source"); // the records' name for it, not the convention's "source"
    }
}
