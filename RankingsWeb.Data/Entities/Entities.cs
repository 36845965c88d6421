namespace RankingsWeb.Data.Entities;

/// <summary>
/// PostgreSQL: one accepted usage record, a row each. Written by the usage store with raw SQL, never via change
/// tracking. SQLite stores records packed instead (<see cref="RecordBlockEntry"/>, <see cref="RecordIdEntry"/>).
/// </summary>
public sealed class UsageRecord
{
    /// <summary>Arrival order; the fold's high-water mark runs over it.</summary>
    public long Seq { get; set; }
    public required string Id { get; set; }
    /// <summary>Unix milliseconds, UTC.</summary>
    public long CreatedAt { get; set; }
    /// <summary>Days since 1970-01-01 (UTC).</summary>
    public int Day { get; set; }
    public required string ModelKey { get; set; }
    public required string Variant { get; set; }
    public required string Author { get; set; }
    public string? AppKey { get; set; }
    public string? AppTitle { get; set; }
    public AppSource AppSource { get; set; }
    public required string Category { get; set; }
    public string? Provider { get; set; }
    public long TokensPrompt { get; set; }
    public long TokensCompletion { get; set; }
    public long TokensReasoning { get; set; }
    public long TokensCached { get; set; }
    /// <summary>Cost in nano-USD, so sums are exact integers.</summary>
    public long CostNanos { get; set; }
    public long BatchId { get; set; }
}

/// <summary>
/// SQLite only: the cube stored compactly. A <see cref="Rollup"/> row's five text keys live once in
/// <see cref="CubeKey"/>, and the cube itself (<c>cube</c>) holds (day, key id, sums); the view <c>rollups</c>
/// joins the two back into <see cref="Rollup"/>'s columns for the queries. A fold adds to tens of thousands of
/// cube rows per step, and with text keys in every row each of those upserts rewrote a wide row in a wide tree.
/// </summary>
public sealed class CubeKey
{
    public long Id { get; set; }
    public required string ModelKey { get; set; }
    public required string Variant { get; set; }
    public required string AppKey { get; set; }
    public required string Category { get; set; }
    public required string Provider { get; set; }
    public required string Author { get; set; }
}

/// <summary>SQLite only: one day of one <see cref="CubeKey"/>'s sums (see <see cref="CubeKey"/>).</summary>
public sealed class CubeEntry
{
    public int Day { get; set; }
    public long KeyId { get; set; }
    public long TokensPrompt { get; set; }
    public long TokensCompletion { get; set; }
    public long TokensReasoning { get; set; }
    public long TokensCached { get; set; }
    public long Requests { get; set; }
    public long CostNanos { get; set; }
}

/// <summary>
/// SQLite only: accepted records packed in arrival order (format: <see cref="Ingestion.RecordBlock"/>). The fold's
/// high-water mark runs over <see cref="Seq"/>.
/// </summary>
public sealed class RecordBlockEntry
{
    public long Seq { get; set; }
    public long BatchId { get; set; }
    public long Records { get; set; }
    public required byte[] Data { get; set; }
}

/// <summary>SQLite only: every stored record's id, once, with the batch that stored it; an id found here makes a record a duplicate.</summary>
public sealed class RecordIdEntry
{
    public required string Id { get; set; }
    public long BatchId { get; set; }
}

/// <summary>How a record's app key was derived.</summary>
public enum AppSource : byte
{
    None = 0,
    Url = 1,
    Title = 2,
}

/// <summary>One ingestion request or import file chunk.</summary>
public sealed class IngestBatch
{
    public long Id { get; set; }
    public long ReceivedAt { get; set; }
    public required string Source { get; set; }
    public int Accepted { get; set; }
    public int Duplicates { get; set; }
    public int Rejected { get; set; }
}

/// <summary>A line that failed validation, kept for analysts.</summary>
public sealed class RejectedLine
{
    public long Id { get; set; }
    public long BatchId { get; set; }
    public int Line { get; set; }
    public string? RecordId { get; set; }
    public required string Error { get; set; }
    /// <summary>The error with values taken out, so lines can be counted by reason.</summary>
    public string Reason { get; set; } = "";
    public required string Raw { get; set; }
    public long ReceivedAt { get; set; }
}

/// <summary>
/// How many lines of a batch were rejected for one reason, the ones whose text was not kept included: a batch keeps
/// the raw text of at most <c>Rankings:MaxStoredRejectedLinesPerBatch</c> lines, and these rows keep the counts exact.
/// </summary>
public sealed class RejectionCount
{
    public long BatchId { get; set; }
    public required string Reason { get; set; }
    public long ReceivedAt { get; set; }
    public long Count { get; set; }
}

/// <summary>Daily sums per (day, model, variant, app, category, provider). Empty string means "none" for app and provider.</summary>
public sealed class Rollup
{
    public int Day { get; set; }
    public required string ModelKey { get; set; }
    public required string Variant { get; set; }
    public required string AppKey { get; set; }
    public required string Category { get; set; }
    public required string Provider { get; set; }
    public required string Author { get; set; }
    public long TokensPrompt { get; set; }
    public long TokensCompletion { get; set; }
    public long TokensReasoning { get; set; }
    public long TokensCached { get; set; }
    public long Requests { get; set; }
    public long CostNanos { get; set; }
}

/// <summary>
/// Daily sums per single dimension (the unfiltered reads: leaderboards, growth curves). Derived from
/// the same delta as <see cref="Rollup"/> in the same transaction; key "" is "none" (unattributed).
/// </summary>
public sealed class DimensionRollup
{
    public int Dimension { get; set; }
    public int Day { get; set; }
    public required string Key { get; set; }
    public long TokensPrompt { get; set; }
    public long TokensCompletion { get; set; }
    public long TokensReasoning { get; set; }
    public long TokensCached { get; set; }
    public long Requests { get; set; }
    public long CostNanos { get; set; }
}

/// <summary>An app seen in the data (or unlisted before its first record).</summary>
public sealed class AppEntry
{
    public required string Key { get; set; }
    public required string DisplayName { get; set; }
    /// <summary>created_at of the record whose title is the display name.</summary>
    public long TitleAt { get; set; }
    public long FirstSeen { get; set; }
    public long LastSeen { get; set; }
    public bool Listed { get; set; } = true;
    public long? ListedChangedAt { get; set; }
}

/// <summary>The fold's single row: everything with Seq &lt;= HighWaterSeq is in the rollups.</summary>
public sealed class AggregationState
{
    public int Id { get; set; }
    public long HighWaterSeq { get; set; }
    public long FoldedRecords { get; set; }
    public long? LastAggregatedAt { get; set; }
    public long LastRunMs { get; set; }
}

/// <summary>
/// The listing version's single row: moves in the same transaction as every change to which apps the public sees
/// (a listing, an alias decision), so every node's cache keys change the moment the change commits.
/// </summary>
public sealed class ListingVersion
{
    public int Id { get; set; }
    public long Version { get; set; }
}

/// <summary>An analyst's named explorer view: the URL alone reproduces it.</summary>
public sealed class SavedView
{
    public long Id { get; set; }
    public required string OwnerId { get; set; }
    public required string OwnerName { get; set; }
    public required string Name { get; set; }
    /// <summary>Path and query of the explorer, e.g. <c>/analytics?metric=tokens&amp;group=apps</c>.</summary>
    public required string Url { get; set; }
    public long CreatedAt { get; set; }
}

/// <summary>An app owner: a user who may see and list/unlist an app (assigned by an admin).</summary>
public sealed class AppOwner
{
    public required string AppKey { get; set; }
    public required string UserId { get; set; }
    public required string UserName { get; set; }
    public long AssignedAt { get; set; }
}

public enum AliasStatus : byte { Pending = 0, Approved = 1, Rejected = 2 }

/// <summary>Another key of the same app (a second URL, an old title). Approved aliases count as the app everywhere.</summary>
public sealed class AppAlias
{
    public required string AliasKey { get; set; }
    public required string AppKey { get; set; }
    public AliasStatus Status { get; set; }
    public required string RequestedBy { get; set; }
    public long RequestedAt { get; set; }
    public string? DecidedBy { get; set; }
    public long? DecidedAt { get; set; }
}

/// <summary>Who listed or unlisted an app, when, and through what.</summary>
public sealed class ListingAudit
{
    public long Id { get; set; }
    public required string AppKey { get; set; }
    public bool Listed { get; set; }
    public required string ChangedBy { get; set; }
    public required string Via { get; set; }
    public long ChangedAt { get; set; }
}

/// <summary>Daily attribution facts per app key: how records were attributed and under which title (folded with the rollups).</summary>
public sealed class AppAttribution
{
    public int Day { get; set; }
    public required string AppKey { get; set; }
    public AppSource Source { get; set; }
    public required string Title { get; set; }
    public long Requests { get; set; }
    public long Tokens { get; set; }
}

/// <summary>PostgreSQL only: an accepted record not yet folded; the fold deletes it in the transaction that adds it to the rollups.</summary>
public sealed class FoldQueueEntry
{
    public long Seq { get; set; }
}
