using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Npgsql;
using RankingsWeb.Data.Queries;

namespace RankingsWeb.Data.Postgres;

/// <summary>One partition of <c>raw_records</c> or <c>record_ids</c>: arrival days <see cref="From"/> (inclusive) to <see cref="To"/> (exclusive).</summary>
internal sealed record PostgresPartition(string Name, int From, int To);

/// <summary>
/// The partitions of the two tables keyed by arrival day: <c>raw_records</c> one per day, <c>record_ids</c> one per
/// <see cref="RankingsOptions.DedupDays"/> days aligned on multiples of it, so the dedup window [today − DedupDays,
/// today] touches at most two of them. Partitions are made ahead of time (<see cref="DaysAhead"/>) and never for a
/// range another partition (the upgrade's legacy one, or one made under another DedupDays) already covers, so there is
/// no DEFAULT partition and a write never finds its partition missing.
/// </summary>
public sealed partial class PostgresPartitions(PostgresDatabase db, IOptions<RankingsOptions> options)
{
    public const string RawTable = "raw_records", IdsTable = "record_ids";

    /// <summary>Days after today that already have their partitions.</summary>
    public const int DaysAhead = 7;

    private int _ensuredThrough = int.MinValue;

    /// <summary>
    /// Makes the partitions for arrival days <paramref name="today"/> … today + <see cref="DaysAhead"/> of both tables,
    /// unless this process already did for a day at least as late. Returns how many it made. Safe on two nodes at once
    /// (an advisory lock serialises the DDL, and each re-reads the catalog under it).
    /// </summary>
    public async Task<int> EnsureAsync(int today, CancellationToken ct)
    {
        if (today + DaysAhead <= Volatile.Read(ref _ensuredThrough)) return 0;
        await using var conn = await db.DataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // A new partition is made standalone and ATTACHed: ATTACH takes SHARE UPDATE EXCLUSIVE on the parent, which
        // ingestion's inserts do not conflict with (CREATE TABLE … PARTITION OF would take ACCESS EXCLUSIVE).
        await Exec(conn, tx, "SET LOCAL lock_timeout = '10s'", ct);
        await Exec(conn, tx, $"SELECT pg_advisory_xact_lock({PostgresLocks.Partitions})", ct);
        var made = await CoverAsync(conn, tx, RawTable, today, today + DaysAhead + 1, d => (d, d + 1), ct);
        var width = options.Value.DedupDays;
        made += await CoverAsync(conn, tx, IdsTable, today, today + DaysAhead + 1, d => (FloorTo(d, width), FloorTo(d, width) + width), ct);
        await tx.CommitAsync(ct);
        InterlockedMax(ref _ensuredThrough, today + DaysAhead);
        return made;
    }

    /// <summary>The partitions of <paramref name="table"/> with their ranges, oldest first.</summary>
    internal static async Task<List<PostgresPartition>> ListAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, string table, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = @parent::regclass
            """, conn, tx);
        cmd.Parameters.AddWithValue("parent", table);
        var list = new List<PostgresPartition>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var m = Bounds().Match(r.GetString(1));
            if (!m.Success) throw new InvalidOperationException($"partition {r.GetString(0)} of {table} has bounds this build does not read: {r.GetString(1)}");
            list.Add(new PostgresPartition(r.GetString(0), int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)));
        }
        return [.. list.OrderBy(p => p.From)];
    }

    /// <summary>Creates partitions so every day in [<paramref name="from"/>, <paramref name="to"/>) is covered, each the block <paramref name="blockOf"/> names clipped to the gap it fills.</summary>
    private static async Task<int> CoverAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string table, int from, int to, Func<int, (int From, int To)> blockOf, CancellationToken ct)
    {
        var existing = await ListAsync(conn, tx, table, ct);
        var made = 0;
        for (var day = from; day < to; day++)
        {
            if (existing.Any(p => p.From <= day && day < p.To)) continue;
            var (lo, hi) = blockOf(day);
            lo = Math.Max(lo, existing.Where(p => p.To <= day).Select(p => p.To).DefaultIfEmpty(lo).Max());
            hi = Math.Min(hi, existing.Where(p => p.From > day).Select(p => p.From).DefaultIfEmpty(hi).Min());
            var name = $"{table}_{Days.Format(lo).Replace("-", "", StringComparison.Ordinal)}" + (hi - lo == 1 ? "" : $"_{hi - lo}d");
            await Exec(conn, tx, $"""
                CREATE TABLE {name} (LIKE {table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
                ALTER TABLE {table} ATTACH PARTITION {name} FOR VALUES FROM ({lo}) TO ({hi});
                """, ct);
            existing.Add(new PostgresPartition(name, lo, hi));
            made++;
        }
        return made;
    }

    private static int FloorTo(int day, int width) => (int)(Math.Floor((double)day / width) * width);

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }

    internal static async Task Exec(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    [GeneratedRegex(@"^FOR VALUES FROM \((-?\d+)\) TO \((-?\d+)\)$")]
    private static partial Regex Bounds();
}
