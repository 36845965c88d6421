using Microsoft.EntityFrameworkCore;
using RankingsWeb.Data.Entities;
using RankingsWeb.Data.Ingestion;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Data.Apps;

public sealed record OwnedApp(string Key, string Name, bool Listed, long? FirstSeen, long? LastSeen);

public sealed record AliasRow(string AliasKey, string AppKey, AliasStatus Status, string RequestedBy, DateTimeOffset RequestedAt, string? DecidedBy);

public sealed record AuditRow(string AppKey, bool Listed, string ChangedBy, string Via, DateTimeOffset ChangedAt);

public sealed record OwnerRow(string AppKey, string UserName, DateTimeOffset AssignedAt);

/// <summary>How an app's traffic was attributed: by URL, by title only, or through an approved alias.</summary>
public sealed record AttributionHealth(long UrlRequests, long TitleRequests, long AliasRequests, IReadOnlyList<(int Week, string Title, long Requests)> Titles,
    DateTimeOffset? FirstSeen, DateTimeOffset? LastSeen)
{
    public long Total => UrlRequests + TitleRequests + AliasRequests;
}

/// <summary>App owners, their aliases and the listing audit trail.</summary>
public sealed class AppOwners(IDbContextFactory<RankingsDbContext> contexts, TimeProvider clock)
{
    private long Now => clock.GetUtcNow().ToUnixTimeMilliseconds();

    public async Task AssignAsync(string appKey, string userId, string userName, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await db.AppOwners.AnyAsync(o => o.AppKey == appKey && o.UserId == userId, ct)) return;
        db.AppOwners.Add(new AppOwner { AppKey = appKey, UserId = userId, UserName = userName, AssignedAt = Now });
        await db.SaveChangesAsync(ct);
    }

    public async Task UnassignAsync(string appKey, string userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.AppOwners.Where(o => o.AppKey == appKey && o.UserId == userId).ExecuteDeleteAsync(ct);
    }

    public async Task<IReadOnlyList<OwnerRow>> OwnersAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.AppOwners.AsNoTracking().OrderBy(o => o.AppKey).ToListAsync(ct);
        return rows.Select(o => new OwnerRow(o.AppKey, o.UserName, DateTimeOffset.FromUnixTimeMilliseconds(o.AssignedAt))).ToList();
    }

    public async Task<bool> OwnsAsync(string userId, string appKey, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.AppOwners.AnyAsync(o => o.UserId == userId && o.AppKey == appKey, ct);
    }

    public async Task<IReadOnlyList<OwnedApp>> OwnedAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var keys = await db.AppOwners.Where(o => o.UserId == userId).Select(o => o.AppKey).ToListAsync(ct);
        var apps = await db.Apps.AsNoTracking().Where(a => keys.Contains(a.Key)).ToDictionaryAsync(a => a.Key, ct);
        return keys.Order(StringComparer.Ordinal).Select(k => apps.TryGetValue(k, out var a)
            ? new OwnedApp(k, DisplayText.Clean(a.DisplayName), a.Listed, a.FirstSeen == long.MaxValue ? null : a.FirstSeen, a.LastSeen == long.MinValue ? null : a.LastSeen)
            : new OwnedApp(k, k, true, null, null)).ToList();
    }

    /// <summary>An owner claims another URL (or title) of the same app; an admin decides. Returns an error message or null.</summary>
    public async Task<string?> RequestAliasAsync(string appKey, string urlOrTitle, string requestedBy, CancellationToken ct = default)
    {
        var alias = urlOrTitle.Contains('.') || urlOrTitle.Contains('/') ? KeyDerivation.AppKeyFromUrl(urlOrTitle) : KeyDerivation.AppKeyFromTitle(urlOrTitle);
        if (alias is null) return $"'{urlOrTitle}' gives no app key";
        if (alias == appKey) return "that is the app itself";
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await db.AppAliases.AnyAsync(a => a.AliasKey == alias, ct)) return $"{alias} is already claimed";
        if (await db.AppAliases.AnyAsync(a => a.AliasKey == appKey && a.Status == AliasStatus.Approved, ct)) return "an alias cannot have aliases";
        db.AppAliases.Add(new AppAlias { AliasKey = alias, AppKey = appKey, Status = AliasStatus.Pending, RequestedBy = requestedBy, RequestedAt = Now });
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>
    /// An approved alias counts as its app everywhere, so it takes that app's listing: approving one for an unlisted app
    /// hides the alias's traffic. Hence the listing version moves with the decision, like a listing change.
    /// </summary>
    public async Task DecideAliasAsync(string aliasKey, bool approve, string decidedBy, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var alias = await db.AppAliases.SingleAsync(a => a.AliasKey == aliasKey, ct);
        alias.Status = approve ? AliasStatus.Approved : AliasStatus.Rejected;
        alias.DecidedBy = decidedBy;
        alias.DecidedAt = Now;
        await db.SaveChangesAsync(ct);
        await AppListing.BumpVersionAsync(db, ct);
        await tx.CommitAsync(ct);
    }

    public async Task<IReadOnlyList<AliasRow>> AliasesAsync(string? appKey = null, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = db.AppAliases.AsNoTracking();
        if (appKey is not null) query = query.Where(a => a.AppKey == appKey);
        var rows = await query.OrderBy(a => a.Status).ThenBy(a => a.AliasKey).ToListAsync(ct);
        return rows.Select(a => new AliasRow(a.AliasKey, a.AppKey, a.Status, a.RequestedBy, DateTimeOffset.FromUnixTimeMilliseconds(a.RequestedAt), a.DecidedBy)).ToList();
    }

    public async Task<IReadOnlyList<AuditRow>> AuditAsync(string? appKey = null, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = db.ListingAudit.AsNoTracking();
        if (appKey is not null) query = query.Where(a => a.AppKey == appKey);
        var rows = await query.OrderByDescending(a => a.Id).Take(200).ToListAsync(ct);
        return rows.Select(a => new AuditRow(a.AppKey, a.Listed, a.ChangedBy, a.Via, DateTimeOffset.FromUnixTimeMilliseconds(a.ChangedAt))).ToList();
    }

    public async Task<AttributionHealth> AttributionAsync(string appKey, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var aliases = await db.AppAliases.Where(a => a.AppKey == appKey && a.Status == AliasStatus.Approved).Select(a => a.AliasKey).ToListAsync(ct);
        var keys = aliases.Append(appKey).ToList();
        var rows = await db.AppAttribution.AsNoTracking().Where(a => keys.Contains(a.AppKey)).ToListAsync(ct);
        long url = 0, title = 0, alias = 0;
        foreach (var r in rows)
        {
            if (r.AppKey != appKey) alias += r.Requests;
            else if (r.Source == AppSource.Url) url += r.Requests;
            else title += r.Requests;
        }
        var titles = rows.Where(r => r.AppKey == appKey && r.Title.Length > 0)
            .GroupBy(r => (Week: Days.BucketStart(r.Day, Interval.Week), r.Title))
            .Select(g => (g.Key.Week, DisplayText.Clean(g.Key.Title), g.Sum(r => r.Requests))).OrderBy(t => t.Week).ThenByDescending(t => t.Item3).ToList();
        var app = await db.Apps.AsNoTracking().SingleOrDefaultAsync(a => a.Key == appKey, ct);
        DateTimeOffset? first = app is null || app.FirstSeen == long.MaxValue ? null : DateTimeOffset.FromUnixTimeMilliseconds(app.FirstSeen);
        DateTimeOffset? last = app is null || app.LastSeen == long.MinValue ? null : DateTimeOffset.FromUnixTimeMilliseconds(app.LastSeen);
        return new AttributionHealth(url, title, alias, titles, first, last);
    }
}
