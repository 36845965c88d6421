using Microsoft.EntityFrameworkCore;

namespace RankingsWeb.Data.Apps;

/// <summary>
/// Lists or unlists an app. Reads apply it at query time, so no re-aggregation is needed. Every change to which apps
/// the public sees moves the listing version (<see cref="BumpVersionAsync"/>) in its own transaction: public caches key
/// on that version, so after the commit no node answers from an entry made before it.
/// </summary>
public sealed class AppListing(IDbContextFactory<RankingsDbContext> contexts, TimeProvider clock)
{
    /// <summary>
    /// Sets the listing and writes the audit row in the same transaction. One upsert, the same SQL on SQLite and
    /// PostgreSQL: concurrent calls for an app, seen or never seen, and the fold inserting the same app, never meet a
    /// unique violation (a read-then-insert did, about half the time). The upsert comes first: it holds the app's row
    /// until the commit, so audit rows are numbered in the order the changes commit and the last one is the listing that holds.
    /// </summary>
    public async Task SetListedAsync(string appKey, bool listed, string changedBy, string via, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        await using var tx = await db.Database.BeginTransactionAsync(ct); // SQLite: BEGIN IMMEDIATE, so the write lock is waited for, not lost on upgrade
        // A never-seen app gets the fold's "no records yet" marks; unlisting before the first record arrives must hold once records do.
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO apps (key, display_name, title_at, first_seen, last_seen, listed, listed_changed_at)
            VALUES ({appKey}, {appKey}, {long.MinValue}, {long.MaxValue}, {long.MinValue}, {listed}, {now})
            ON CONFLICT (key) DO UPDATE SET listed = excluded.listed, listed_changed_at = excluded.listed_changed_at
            """, ct);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO listing_audit (app_key, listed, changed_by, via, changed_at) VALUES ({appKey}, {listed}, {changedBy}, {via}, {now})
            """, ct);
        await BumpVersionAsync(db, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Moves the listing version inside the caller's transaction, so the version moves if and only if the change commits
    /// (a bump after the commit could be lost to a crash in between and leave cached answers showing an unlisted app).
    /// The row lock orders concurrent changes: versions are read in the order the changes commit.
    /// </summary>
    internal static Task BumpVersionAsync(RankingsDbContext db, CancellationToken ct) => db.Database.ExecuteSqlRawAsync(BumpVersionSql, ct);

    /// <summary>
    /// The statement that moves the listing version, for writers outside EF: a re-fold moves it too, since it can move
    /// records between app keys without moving the data version (the count of records folded).
    /// </summary>
    internal const string BumpVersionSql = "UPDATE listing_version SET version = version + 1 WHERE id = 1";
}
