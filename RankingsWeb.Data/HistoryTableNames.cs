using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Migrations;

namespace RankingsWeb.Data;

/// <summary>
/// The snake_case convention would rename the migration history's columns too (EFCore.NamingConventions issue #1),
/// and a start-up could then no longer read which migrations a database has. Each provider's history repository
/// calls this to keep EF's names.
/// </summary>
internal static class HistoryTableNames
{
    public static void Keep(EntityTypeBuilder<HistoryRow> history)
    {
        history.Property(h => h.MigrationId).HasColumnName(nameof(HistoryRow.MigrationId));
        history.Property(h => h.ProductVersion).HasColumnName(nameof(HistoryRow.ProductVersion));
        history.HasKey(h => h.MigrationId).HasName("PK___EFMigrationsHistory");
    }
}
