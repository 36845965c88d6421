namespace RankingsWeb.Data.Queries;

/// <param name="Data">Records folded so far: moves with every fold step that changed the rollups.</param>
/// <param name="Listing">Moves with every change to which apps the public sees (<see cref="Apps.AppListing"/>).</param>
public sealed record PublicVersionsRow(long Data, long Listing);

/// <summary>
/// The two versions public caches key on, read in one statement of two primary-key lookups: cheap enough to run for
/// every burst of cached requests, on every node, against the shared database.
/// </summary>
public sealed class PublicVersionQueries(IReadConnections connections)
{
    /// <remarks>
    /// The data version is <c>folded_records</c>, not the high-water mark: on PostgreSQL the mark is the highest
    /// sequence folded, and a fold that takes rows committed late below it leaves the mark where it was while the
    /// rollups change. The count moves with every step that folds anything, on both databases.
    /// </remarks>
    public async Task<PublicVersionsRow> ReadAsync(CancellationToken ct = default)
    {
        await using var conn = await connections.OpenReadAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = """
            SELECT (SELECT folded_records FROM aggregation_state WHERE id = 1), (SELECT version FROM listing_version WHERE id = 1)
            """;
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return new PublicVersionsRow(Convert.ToInt64(r.GetValue(0)), Convert.ToInt64(r.GetValue(1)));
    }
}
