using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Migrations;

namespace RankingsWeb.Data;

/// <summary>Lets <c>dotnet ef</c> build the model without starting the web app.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<RankingsDbContext>
{
    public RankingsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<RankingsDbContext>().UseSqlite(DataServiceCollectionExtensions.DefaultConnectionString)
            .ReplaceService<IHistoryRepository, Sqlite.SqliteHistoryRepository>().Options);
}

internal sealed class PostgresDesignTimeDbContextFactory : IDesignTimeDbContextFactory<PostgresMigrationsContext>
{
    public PostgresMigrationsContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresMigrationsContext>().UseNpgsql("Host=localhost;Database=rankings")
            .ReplaceService<IHistoryRepository, Postgres.PostgresHistoryRepository>().Options);
}
