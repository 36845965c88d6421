using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Migrations;

namespace RankingsWeb.Data.Sqlite;

#pragma warning disable EF1001 // the provider's history repository is internal API; EF's documented way to customise the table
/// <summary>The migration history with EF's own column names (see <see cref="HistoryTableNames"/>).</summary>
internal sealed class SqliteHistoryRepository(HistoryRepositoryDependencies dependencies)
    : Microsoft.EntityFrameworkCore.Sqlite.Migrations.Internal.SqliteHistoryRepository(dependencies)
{
    protected override void ConfigureTable(EntityTypeBuilder<HistoryRow> history)
    {
        base.ConfigureTable(history);
        HistoryTableNames.Keep(history);
    }
}
#pragma warning restore EF1001
