using Microsoft.EntityFrameworkCore;

namespace RankingsWeb.Data;

/// <summary>
/// Brings the database to this version's schema with the provider's migration set (<c>Migrations/Sqlite</c>,
/// <c>Migrations/Postgres</c>). Every schema change is a new migration in both sets, with a test that upgrades a
/// database written by the previous one (<c>RankingsWeb.Tests/Data/Migrations</c>); released migrations are never
/// edited or squashed.
/// </summary>
/// <param name="afterMigrate">What the provider does once the schema is current (PostgreSQL: make the partitions ahead).</param>
public sealed class SchemaMigrations(Func<DbContext> createContext, Func<CancellationToken, Task>? afterMigrate = null)
{
    /// <summary>A context on this database whose migrations are the provider's set (tests step through them).</summary>
    internal DbContext CreateContext() => createContext();

    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await using var db = createContext();
        var known = db.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
        var unknown = (await db.Database.GetAppliedMigrationsAsync(ct)).FirstOrDefault(m => !known.Contains(m));
        if (unknown is not null) throw new UnknownSchemaException(unknown);
        await db.Database.MigrateAsync(ct);
        if (afterMigrate is not null) await afterMigrate(ct);
    }

    /// <summary>
    /// This build's migrations the database has not applied, and applied ones this build does not know (a newer
    /// version's): both empty when the schema is current. Reads the history table only.
    /// </summary>
    public async Task<(IReadOnlyList<string> Pending, IReadOnlyList<string> Unknown)> CompareAsync(CancellationToken ct = default)
    {
        await using var db = createContext();
        var known = db.Database.GetMigrations().ToList();
        var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToHashSet(StringComparer.Ordinal);
        return ([.. known.Where(m => !applied.Contains(m))], [.. applied.Where(m => !known.Contains(m, StringComparer.Ordinal))]);
    }
}

/// <summary>The database's migration history names a migration this version does not have.</summary>
public sealed class UnknownSchemaException(string migration) : Exception(
    $"The rankings database was written by a schema this version does not know (migration '{migration}'): a pre-release " +
    "schema, or a newer version of RankingsWeb. Delete the database, or point ConnectionStrings:Rankings at a new one, and start again.")
{
    public string Migration { get; } = migration;
}
