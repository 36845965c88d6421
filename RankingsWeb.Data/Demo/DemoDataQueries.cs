namespace RankingsWeb.Data.Demo;

/// <summary>What the database holds, as far as the "Demo data" badge cares.</summary>
public enum DataOrigin { Empty, DemoOnly, Real }

/// <summary>Whether the database holds only the seeder's demo traffic, from the batches' sources.</summary>
public sealed class DemoDataQueries(IReadConnections connections)
{
    /// <remarks>
    /// Two probes of <c>ingest_batches</c>, real data first: on a database with real traffic the first row that is not
    /// the seeder's ends the scan at once (the demo's few dozen batches come first, if at all), and on a demo database the
    /// whole table is those few dozen rows. Batches that accepted nothing do not count: a request of rejected lines adds
    /// no data.
    /// </remarks>
    public async Task<DataOrigin> ReadAsync(CancellationToken ct = default)
    {
        await using var conn = await connections.OpenReadAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = """
            SELECT CASE
              WHEN EXISTS (SELECT 1 FROM ingest_batches WHERE source <> @demo AND accepted > 0) THEN 2
              WHEN EXISTS (SELECT 1 FROM ingest_batches WHERE source = @demo AND accepted > 0) THEN 1
              ELSE 0 END
            """;
        var p = cmd.CreateParameter();
        p.ParameterName = "@demo";
        p.Value = DemoDataSeeder.Source;
        cmd.Parameters.Add(p);
        return (DataOrigin)Convert.ToInt32(await cmd.ExecuteScalarAsync(ct));
    }
}
