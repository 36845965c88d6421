using Microsoft.EntityFrameworkCore;
using RankingsWeb.Data.Entities;

namespace RankingsWeb.Data.Apps;

/// <summary>Lists or unlists an app. Reads apply it at query time, so no re-aggregation is needed.</summary>
public sealed class AppListing(IDbContextFactory<RankingsDbContext> contexts, TimeProvider clock)
{
    /// <summary>Sets the listing and writes the audit row in the same transaction.</summary>
    public async Task SetListedAsync(string appKey, bool listed, string changedBy, string via, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        db.ListingAudit.Add(new ListingAudit { AppKey = appKey, Listed = listed, ChangedBy = changedBy, Via = via, ChangedAt = now });
        var app = await db.Apps.FindAsync([appKey], ct);
        if (app is null)
        {
            // Unlisting before the first record arrives must hold once records do.
            db.Apps.Add(new AppEntry
            {
                Key = appKey, DisplayName = appKey, TitleAt = long.MinValue, FirstSeen = long.MaxValue, LastSeen = long.MinValue,
                Listed = listed, ListedChangedAt = now,
            });
        }
        else
        {
            app.Listed = listed;
            app.ListedChangedAt = now;
        }
        await db.SaveChangesAsync(ct);
    }
}
