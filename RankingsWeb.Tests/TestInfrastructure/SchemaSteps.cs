using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using RankingsWeb.Data;

namespace RankingsWeb.Tests.TestInfrastructure;

/// <summary>
/// Steps a test database through the provider's migration set, for upgrade tests: write a database at the migration
/// before the one under test, put rows in it with SQL of that schema, then start it as the app does
/// (<see cref="DataServiceCollectionExtensions.MigrateRankingsDatabaseAsync"/>).
/// </summary>
public static class SchemaSteps
{
    /// <summary>The provider's migrations, oldest first.</summary>
    public static IReadOnlyList<string> All(TestDatabase db)
    {
        using var ctx = db.Get<SchemaMigrations>().CreateContext();
        return [.. ctx.Database.GetMigrations()];
    }

    /// <summary>The migration before <paramref name="migration"/>, or <see cref="Migration.InitialDatabase"/> (an empty database).</summary>
    public static string Before(TestDatabase db, string migration)
    {
        var all = All(db);
        var i = all.ToList().IndexOf(migration);
        if (i < 0) throw new ArgumentException($"no migration {migration}", nameof(migration));
        return i == 0 ? Migration.InitialDatabase : all[i - 1];
    }

    /// <summary>Migrates the database to exactly <paramref name="migration"/> (<see cref="Migration.InitialDatabase"/>: nothing).</summary>
    public static async Task MigrateToAsync(TestDatabase db, string migration)
    {
        await using var ctx = db.Get<SchemaMigrations>().CreateContext();
        await ctx.GetService<IMigrator>().MigrateAsync(migration);
    }

    /// <summary>Runs SQL of the schema the database is at (the entity classes may have moved on).</summary>
    public static async Task ExecuteAsync(TestDatabase db, string sql)
    {
        await using var ctx = db.Get<SchemaMigrations>().CreateContext();
        await ctx.Database.ExecuteSqlRawAsync(sql);
    }

    public static async Task<IReadOnlyList<string>> AppliedAsync(TestDatabase db)
    {
        await using var ctx = db.Get<SchemaMigrations>().CreateContext();
        return [.. await ctx.Database.GetAppliedMigrationsAsync()];
    }
}
