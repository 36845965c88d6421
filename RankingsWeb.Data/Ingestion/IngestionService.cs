using RankingsWeb.Data.Telemetry;

namespace RankingsWeb.Data.Ingestion;

/// <summary>Told after records were committed, so the fold can start without waiting for its schedule.</summary>
public interface IIngestNotifier
{
    void RecordsCommitted(int accepted);
}

public sealed record IngestSummary(int Accepted, int Duplicates, IReadOnlyList<Rejection> Rejected, IReadOnlyList<long> BatchIds);

/// <summary>The single ingestion path for HTTP, file import and demo data: stream, validate, store, notify.</summary>
public sealed class IngestionService(IUsageStore store, TimeProvider clock, IEnumerable<IIngestNotifier> notifiers, RankingsMetrics? metrics = null)
{
    /// <summary>
    /// Reads a whole body and commits it in one transaction (atomic: nothing is stored when the body
    /// turns out to be too large). Use <paramref name="chunkSize"/> to commit large files in steps.
    /// </summary>
    public async Task<IngestSummary> IngestAsync(Stream body, IngestReader.Format format, string source,
        CancellationToken ct, int chunkSize = int.MaxValue, Action<IngestSummary>? progress = null)
    {
        // One span for the request: parsing and validation inside it, each commit a child span ("ingest append").
        using var activity = RankingsActivities.Source.StartActivity("ingest");
        activity?.SetTag("rankings.ingest.format", format.ToString());
        var accepted = 0;
        var duplicates = 0;
        var rejected = new List<Rejection>();
        var batches = new List<long>();
        var pending = new ParsedChunk();
        await IngestReader.ReadAsync(body, format, clock, chunkSize, async chunk =>
        {
            if (chunkSize == int.MaxValue)
            {
                pending = chunk; // commit only after the whole body was read
                return;
            }
            var r = await CommitAsync(source, chunk.Records, chunk.Rejections, ct);
            accepted += r.Accepted;
            duplicates += r.Duplicates;
            rejected.AddRange(chunk.Rejections);
            batches.Add(r.BatchId);
            progress?.Invoke(new IngestSummary(accepted, duplicates, rejected, batches));
        }, ct);

        if (chunkSize == int.MaxValue && pending.Count > 0)
        {
            var r = await CommitAsync(source, pending.Records, pending.Rejections, ct);
            accepted += r.Accepted;
            duplicates += r.Duplicates;
            rejected.AddRange(pending.Rejections);
            batches.Add(r.BatchId);
        }
        activity?.SetTag(RankingsActivities.Accepted, accepted);
        activity?.SetTag(RankingsActivities.Duplicates, duplicates);
        activity?.SetTag(RankingsActivities.Rejected, rejected.Count);
        return new IngestSummary(accepted, duplicates, rejected, batches);
    }

    /// <summary>Commits already-validated records (demo data, benchmarks).</summary>
    public async Task<AppendResult> CommitAsync(string source, IReadOnlyList<ValidRecord> records, IReadOnlyList<Rejection> rejections, CancellationToken ct)
    {
        AppendResult result;
        using (var activity = RankingsActivities.Source.StartActivity("ingest append"))
        {
            result = await store.AppendAsync(source, records, rejections, ct);
            activity?.SetTag(RankingsActivities.Accepted, result.Accepted);
            activity?.SetTag(RankingsActivities.Duplicates, result.Duplicates);
            activity?.SetTag(RankingsActivities.Rejected, rejections.Count);
        }
        metrics?.RecordsCommitted(result.Accepted, result.Duplicates, rejections);
        if (result.Accepted > 0)
        {
            foreach (var n in notifiers) n.RecordsCommitted(result.Accepted);
        }
        return result;
    }
}
