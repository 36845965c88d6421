using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using RankingsWeb.Data;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Caching;

/// <summary>The versions one request's cache key and ETag are made of.</summary>
/// <param name="Data">The data version this node serves (see <see cref="PublicVersions"/>).</param>
/// <param name="Listing">The listing version, read after the request arrived.</param>
public readonly record struct CacheGeneration(long Data, long Listing)
{
    /// <summary>Tags every entry stored under this generation, so the whole generation is evicted at once.</summary>
    public string Tag => $"public:{Data}:{Listing}";
}

/// <summary>
/// Which versions this node keys its public cache on. Every cached request reads both from the database after it
/// arrived (shared by a burst, <see cref="CoalescedRead{T}"/>), so a listing change committed on any node changes the
/// key at once. The data version in use is adopted from those reads at most once per <c>Rankings:PublicCacheSeconds</c>:
/// under steady ingestion the fold moves it every second or two, and adopting each move would make every request a
/// miss. A fold after a quiet spell is adopted by the next request. When the generation moves, the entries of the one
/// before are evicted: no key can reach them any more, and their memory is better spent.
/// </summary>
public sealed class PublicVersions
{
    private readonly CoalescedRead<PublicVersionsRow> _read;
    private readonly IOutputCacheStore _store;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _window;
    private readonly Lock _gate = new();
    private long _data = -1;
    private long _adoptedAt;
    private CacheGeneration _latest = new(-1, -1);

    public PublicVersions(PublicVersionQueries queries, IOutputCacheStore store, IOptions<RankingsOptions> options, TimeProvider clock)
    {
        _read = new CoalescedRead<PublicVersionsRow>(queries.ReadAsync);
        _store = store;
        _clock = clock;
        _window = TimeSpan.FromSeconds(options.Value.PublicCacheSeconds);
    }

    public async Task<CacheGeneration> CurrentAsync(CancellationToken ct)
    {
        var row = await _read.ReadAsync().WaitAsync(ct);
        CacheGeneration generation, retired;
        lock (_gate)
        {
            var now = _clock.GetTimestamp();
            if (_data < 0 || (row.Data > _data && _clock.GetElapsedTime(_adoptedAt, now) >= _window))
            {
                _data = row.Data;
                _adoptedAt = now;
            }
            // The listing version as this request read it: a read that started after it arrived.
            generation = new CacheGeneration(_data, row.Listing);
            // Reads may finish out of order (the data version never goes back): only a newer generation retires the one before.
            if (generation.Listing < _latest.Listing || generation == _latest) return generation;
            retired = _latest;
            _latest = generation;
        }
        if (retired.Data >= 0) await _store.EvictByTagAsync(retired.Tag, ct);
        return generation;
    }
}
