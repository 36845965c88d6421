using Microsoft.EntityFrameworkCore;
using RankingsWeb.Data.Entities;

namespace RankingsWeb.Data.Analytics;

public sealed record SavedViewRow(long Id, string Name, string Url, string OwnerName, DateTimeOffset CreatedAt);

/// <summary>Named explorer views, visible to every analyst (a view is only a URL).</summary>
public sealed class SavedViews(IDbContextFactory<RankingsDbContext> contexts, TimeProvider clock)
{
    public async Task<IReadOnlyList<SavedViewRow>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.SavedViews.AsNoTracking().OrderBy(v => v.Name).Take(500).ToListAsync(ct);
        return rows.Select(v => new SavedViewRow(v.Id, v.Name, v.Url, v.OwnerName, DateTimeOffset.FromUnixTimeMilliseconds(v.CreatedAt))).ToList();
    }

    public async Task SaveAsync(string ownerId, string ownerName, string name, string url, CancellationToken ct = default)
    {
        if (!url.StartsWith("/analytics", StringComparison.Ordinal)) throw new ArgumentException("only explorer URLs can be saved", nameof(url));
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.SavedViews.Add(new SavedView
        {
            OwnerId = ownerId, OwnerName = ownerName, Name = name.Trim()[..Math.Min(name.Trim().Length, 200)], Url = url,
            CreatedAt = clock.GetUtcNow().ToUnixTimeMilliseconds(),
        });
        await db.SaveChangesAsync(ct);
    }
}
