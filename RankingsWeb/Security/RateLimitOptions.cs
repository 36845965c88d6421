using System.ComponentModel.DataAnnotations;

namespace RankingsWeb.Security;

/// <summary>
/// <c>Rankings:RateLimits</c>: requests per client address on the public pages and read API, and per ingest key on
/// ingestion. Each is a token bucket: <c>Burst</c> requests at once, refilled at <c>PermitsPerMinute</c>. 0 turns
/// a limit off. The defaults are far above what a person clicking through the site or a polite script does (a busy
/// script polling status 20 times a second stays inside them), and far below a flood: public answers are mostly cached,
/// so the limit is against one address taking the server's CPU from everyone, not against reading.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Rankings:RateLimits";

    [Range(0, 10_000_000)]
    public int PermitsPerMinute { get; set; } = 3000;

    [Range(0, 10_000_000)]
    public int Burst { get; set; } = 1000;

    [Range(0, 10_000_000)]
    public int IngestPermitsPerMinute { get; set; } = 6000;

    [Range(0, 10_000_000)]
    public int IngestBurst { get; set; } = 1000;
}
