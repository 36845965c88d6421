using Microsoft.Extensions.Options;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Data.Retention;

/// <summary>
/// What one retention run did: raw records and remembered ids dropped, storage units (partitions or blocks) removed or
/// made, rejected lines' text (and the per-reason counts of their batches) past <see cref="RetentionPolicy.IngestLogDays"/>,
/// and <c>ingest_batches</c> rows past <see cref="RetentionPolicy.BatchDays"/> that nothing reads any more.
/// </summary>
public sealed record RetentionResult(long RawRecordsDropped, long IdsDropped, int UnitsDropped, int UnitsCreated, TimeSpan Elapsed,
    long RejectedLinesDropped = 0, long BatchesDropped = 0)
{
    /// <summary>One line for the command's output and the job's log.</summary>
    public string Describe() =>
        $"dropped {RawRecordsDropped:N0} raw records and {IdsDropped:N0} ids ({UnitsDropped:N0} partitions or blocks), " +
        $"made {UnitsCreated:N0} partitions, dropped {RejectedLinesDropped:N0} rejected lines and {BatchesDropped:N0} batches, " +
        $"in {Elapsed.TotalSeconds:F1} s";
}

/// <summary>
/// Keeps raw records for <see cref="RankingsOptions.RawRetentionDays"/> and their ids for <see cref="RankingsOptions.DedupDays"/>
/// after arrival; rollups are never touched. Reentrant: a run killed at any point leaves the next one to finish the work.
/// </summary>
public interface IRawRetention
{
    Task<RetentionResult> RunAsync(CancellationToken ct);
}

/// <summary>
/// What a re-fold did: the record days rebuilt and how many raw records they were rebuilt from; of those,
/// <paramref name="RefusedInputs"/> kept the keys stored with them because the current derivation rules refuse the
/// inputs kept with them (a rule made stricter since they were accepted).
/// </summary>
public sealed record RefoldResult(int FromDay, int ToDay, long Records, TimeSpan Elapsed, long RefusedInputs = 0)
{
    /// <summary>One line for the command's output and the job's log.</summary>
    public string Describe() =>
        $"re-folded {Days.Format(FromDay)} to {Days.Format(ToDay)} from {Records:N0} raw records in {Elapsed.TotalSeconds:F1} s" +
        (RefusedInputs > 0 ? $"; {RefusedInputs:N0} of them kept their stored keys (the current derivation rules refuse their inputs)" : "");
}

/// <summary>
/// Rebuilds the rollups of a range of record days from the raw records still kept, exactly and idempotently, while
/// ingestion and the fold go on: the rebuilt days hold every folded record of those days once, and records not yet
/// folded are left to the fold.
/// </summary>
public interface IRefolder
{
    /// <summary>Throws <see cref="RefoldRangeException"/> (before changing anything) for a range it cannot rebuild exactly.</summary>
    Task<RefoldResult> RefoldAsync(int fromDay, int toDay, CancellationToken ct);
}

/// <summary>A re-fold range that cannot be rebuilt exactly; the message says why and what can be.</summary>
public sealed class RefoldRangeException(string message) : Exception(message);

/// <summary>
/// The days retention keeps, in UTC days since 1970-01-01 (<see cref="Days"/>), all counted by arrival: a record is
/// kept by the day it reached us, not the day it names, so a late record is folded and deduplicated like any other.
/// </summary>
public sealed class RetentionPolicy(IOptions<RankingsOptions> options, TimeProvider clock)
{
    /// <summary>A record may name a day up to this many days after the one it arrives on (RecordParser's future tolerance).</summary>
    public const int MaxDaysAhead = 1;

    public int RawRetentionDays => options.Value.RawRetentionDays;
    public int DedupDays => options.Value.DedupDays;
    public int Today => Days.Today(clock);

    /// <summary>Raw records that arrived on this day or later are kept; earlier ones may be dropped.</summary>
    public int OldestRawArrivalDay(int today) => today - RawRetentionDays;

    /// <summary>
    /// Days the ingest log's bulky part is kept: the text of rejected lines and their batches' counts by reason. As long
    /// as raw records, and never shorter than the 30 days the ingestion page charts. A client sending nothing but bad
    /// lines would otherwise grow the database without bound. The batches themselves go later (<see cref="BatchDays"/>).
    /// </summary>
    public int IngestLogDays => Math.Max(RawRetentionDays, 30);

    /// <summary>Rejected lines (and rejection counts) that arrived before this day may be dropped.</summary>
    public int OldestIngestLogArrivalDay(int today) => today - IngestLogDays;

    /// <summary>
    /// Days an <c>ingest_batches</c> row (one per request) is kept at least: as long as anything dated by it — raw
    /// records and SQLite's blocks, remembered ids (SQLite dates a block's ids by their batch), rejected lines — so a
    /// batch outlives what refers to it and the ingestion page's 30 days. <see cref="BatchRetention"/> keeps some
    /// older ones too.
    /// </summary>
    public int BatchDays => Math.Max(IngestLogDays, DedupDays);

    /// <summary>Batches that arrived before this day may be dropped, if nothing reads them any more.</summary>
    public int OldestBatchArrivalDay(int today) => today - BatchDays;

    /// <summary>Rejected lines one delete statement takes at most, so no run holds a lock for long.</summary>
    public const int IngestLogStep = 10_000;

    /// <summary>Ids that arrived on this day or later make a resend a duplicate; earlier ones may be forgotten.</summary>
    public int OldestIdArrivalDay(int today) => today - DedupDays;

    /// <summary>
    /// The oldest record day whose raw records are all still kept: records of day D arrive on D − <see cref="MaxDaysAhead"/>
    /// or later, so D is complete while that arrival day is kept.
    /// </summary>
    public int OldestRefoldableDay(int today) => OldestRawArrivalDay(today) + MaxDaysAhead;

    /// <summary>Throws <see cref="RefoldRangeException"/> unless every record of <paramref name="fromDay"/>…<paramref name="toDay"/> (inclusive) is still kept.</summary>
    public void CheckRefoldRange(int fromDay, int toDay, int today)
    {
        if (fromDay > toDay)
            throw new RefoldRangeException($"The range {Days.Format(fromDay)} to {Days.Format(toDay)} is empty: --from must not be after --to.");
        var oldest = OldestRefoldableDay(today);
        if (fromDay < oldest)
            throw new RefoldRangeException(
                $"Cannot re-fold from {Days.Format(fromDay)}: raw records are kept {RawRetentionDays} days after arrival (Rankings:RawRetentionDays), " +
                $"so the oldest day that can be rebuilt exactly today ({Days.Format(today)}) is {Days.Format(oldest)}. Days before it keep the rollups they have.");
        var newest = today + MaxDaysAhead;
        if (toDay > newest)
            throw new RefoldRangeException($"Cannot re-fold to {Days.Format(toDay)}: no record can name a day after {Days.Format(newest)} yet.");
    }
}
