using System.Diagnostics;
using RankingsWeb.Data;
using RankingsWeb.Data.Aggregation;
using RankingsWeb.Data.Ingestion;

namespace RankingsWeb.Cli;

/// <summary>Imports NDJSON (or JSON array) files through the same validation and storage path as the HTTP API.</summary>
public static class ImportCommand
{
    private const int ChunkRecords = 50_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var (files, options) = CommandLine.Split(args);
        if (files.Count == 0)
        {
            Console.Error.WriteLine("usage: dotnet run --project RankingsWeb -- import FILE.ndjson [FILE…] [--ConnectionStrings:Rankings \"Data Source=…\"]");
            return 2;
        }
        var missing = files.Where(f => !File.Exists(f)).ToList();
        if (missing.Count > 0)
        {
            Console.Error.WriteLine($"not found: {string.Join(", ", missing)}");
            return 2;
        }

        using var host = await CliHost.StartAsync(options);
        if (host is null) return 1;
        var ingestion = host.Services.GetRequiredService<IngestionService>();

        long accepted = 0, duplicates = 0, rejected = 0;
        var reasons = new Dictionary<string, int>();
        var total = Stopwatch.StartNew();
        foreach (var file in files)
        {
            var sw = Stopwatch.StartNew();
            await using var stream = File.OpenRead(file);
            var format = file.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? IngestReader.Format.JsonArrayOrNdjson : IngestReader.Format.Ndjson;
            var result = await ingestion.IngestAsync(stream, format, "import:" + Path.GetFileName(file), CancellationToken.None, ChunkRecords,
                p => Console.Error.Write($"\r{file}: {p.Accepted + p.Duplicates + p.Rejected.Count:N0} lines, {p.Accepted:N0} accepted, " +
                                        $"{p.Duplicates:N0} duplicates, {p.Rejected.Count:N0} rejected ({(p.Accepted + p.Duplicates) / Math.Max(0.001, sw.Elapsed.TotalSeconds):N0} records/s)   "));
            Console.Error.WriteLine();
            accepted += result.Accepted;
            duplicates += result.Duplicates;
            rejected += result.Rejected.Count;
            foreach (var r in result.Rejected)
            {
                var reason = RejectionReasons.Classify(r.Error); // the classes the ingestion health page counts
                reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
            }
            foreach (var r in result.Rejected.Take(5)) Console.Error.WriteLine($"  line {r.Line}: {r.Error}");
        }

        var fold = await host.Services.GetRequiredService<IRollupFolder>().FoldAsync(CancellationToken.None);
        Console.WriteLine($"imported {files.Count} file(s) in {total.Elapsed.TotalSeconds:F1} s: {accepted:N0} accepted, {duplicates:N0} duplicates, " +
                          $"{rejected:N0} rejected; {fold.RecordsFolded:N0} records folded into the rankings");
        foreach (var (reason, count) in reasons.OrderByDescending(kv => kv.Value).Take(10)) Console.WriteLine($"  {count,8:N0} × {reason}");
        return 0;
    }
}
