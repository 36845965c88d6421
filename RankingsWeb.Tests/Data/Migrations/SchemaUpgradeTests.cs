using Microsoft.EntityFrameworkCore;
using RankingsWeb.Data;
using RankingsWeb.Data.Queries;
using RankingsWeb.Tests.TestInfrastructure;

namespace RankingsWeb.Tests.Data.Migrations;

/// <summary>
/// The rule: every schema change is a new migration (in Migrations/Sqlite and Migrations/Postgres), and gets a test
/// here that writes a database at the migration before it (<see cref="SchemaSteps.Before"/>), puts rows in it with
/// that schema's SQL, upgrades it as the app starts, and checks the rows read back right. The initial migration's
/// "previous schema" is the empty database.
/// </summary>
public class SchemaUpgradeTests
{
    [Fact]
    public async Task EveryMigration_FromTheOneBefore_UpgradesToTheModel()
    {
        await using var probe = await TestDatabase.CreateAsync(migrate: false);
        var all = SchemaSteps.All(probe);
        Assert.NotEmpty(all);
        foreach (var migration in all)
        {
            await using var db = await TestDatabase.CreateAsync(migrate: false);
            await SchemaSteps.MigrateToAsync(db, SchemaSteps.Before(db, migration));
            await db.Services.MigrateRankingsDatabaseAsync();
            Assert.Equal(all, await SchemaSteps.AppliedAsync(db));
            await using var ctx = db.Get<SchemaMigrations>().CreateContext(); // the context the provider's migration set belongs to
            Assert.False(ctx.Database.HasPendingModelChanges(), "the model has changes no migration makes: add a migration");
        }
    }

    [Fact]
    public async Task Initial_FromAnEmptyDatabase_StoresFoldsAndReports()
    {
        await using var db = await TestDatabase.CreateAsync(migrate: false);
        var initial = SchemaSteps.All(db)[0];
        await SchemaSteps.MigrateToAsync(db, SchemaSteps.Before(db, initial));
        await db.Services.MigrateRankingsDatabaseAsync();

        await db.IngestGeneratedAsync(200, new DateOnly(2026, 11, 20), seed: 13);
        await db.FoldPendingAsync();
        var status = await db.Get<StatusQueries>().GetAsync();
        Assert.Equal((200L, 0L), (status.Records, status.Pending));
        Assert.Equal(0, (await db.Get<PublicVersionQueries>().ReadAsync()).Listing);
    }

    [Fact]
    public async Task DatabaseOfAPreReleaseSchema_FailsWithOneClearMessage()
    {
        await using var db = await TestDatabase.CreateAsync(); // at the latest schema, then marked as written by a pre-release one
        await SchemaSteps.ExecuteAsync(db, """
            INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion") VALUES ('20261128124359_Initial', '10.0.15')
            """);

        var e = await Assert.ThrowsAsync<UnknownSchemaException>(() => db.Services.MigrateRankingsDatabaseAsync());
        Assert.Equal("20261128124359_Initial", e.Migration);
        Assert.Contains("pre-release", e.Message);
    }
}
