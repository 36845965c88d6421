using RankingsWeb.Data.Demo;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Caching;

/// <summary>
/// Whether the app bar shows "Demo data": while the database holds only the seeder's traffic. Asked by every page
/// render, so the answer is kept per data version (what the public cache keys on): a render costs the one primary-key
/// read of the versions, and the batches are probed again only after a fold changed the data. Once real traffic is
/// seen the answer stays no for the life of the process (batches are never deleted), with no read at all.
/// </summary>
public sealed class DemoDataBadge(PublicVersionQueries versions, DemoDataQueries demo)
{
    private sealed record Answer(long DataVersion, bool Show);

    private volatile Answer? _last;
    private volatile bool _realDataSeen;

    public async Task<bool> ShowAsync(CancellationToken ct = default)
    {
        if (_realDataSeen) return false;
        var version = (await versions.ReadAsync(ct)).Data;
        if (_last is { } last && last.DataVersion == version) return last.Show;
        var origin = await demo.ReadAsync(ct);
        if (origin == DataOrigin.Real) _realDataSeen = true;
        _last = new Answer(version, origin == DataOrigin.DemoOnly);
        return origin == DataOrigin.DemoOnly;
    }
}
