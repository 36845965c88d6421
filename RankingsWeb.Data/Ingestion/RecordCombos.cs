using Microsoft.Data.Sqlite;
using RankingsWeb.Data.Entities;

namespace RankingsWeb.Data.Ingestion;

/// <summary>A record's derived keys, absent optional ones as ''. Equal keys share one <c>record_combos</c> row.</summary>
public readonly record struct ComboKey(
    string ModelKey, string Variant, string Author, string AppKey, string AppTitle, AppSource AppSource, string Category, string Provider)
{
    public static ComboKey Of(ValidRecord r) =>
        new(r.ModelKey, r.Variant, r.Author, r.AppKey ?? "", r.AppTitle ?? "", r.AppSource, r.Category, r.Provider ?? "");

    /// <summary>64-bit FNV-1a over the keys' UTF-16 code units, fields separated: stable across processes and versions.</summary>
    public long Hash()
    {
        var h = 14695981039346656037UL;
        foreach (var field in (ReadOnlySpan<string>)[ModelKey, Variant, Author, AppKey, AppTitle, ((int)AppSource).ToString(System.Globalization.CultureInfo.InvariantCulture), Category, Provider])
        {
            foreach (var c in field) h = (h ^ c) * 1099511628211UL;
            h = (h ^ 0x1F) * 1099511628211UL;
        }
        return unchecked((long)h);
    }
}

/// <summary>
/// SQLite: the in-memory side of <c>record_combos</c>, both ways. Rows there are never changed or
/// deleted and ids are never reused (AUTOINCREMENT), so an entry, once committed, stays true; only
/// committed entries are cached. Bounded: cleared when it grows past its limit and refilled on demand.
/// </summary>
public sealed class RecordCombos
{
    private const int Limit = 1_000_000;
    private readonly BoundedCache<ComboKey, long> ids = new(Limit);
    private readonly BoundedCache<long, ComboKey> keys = new(Limit);

    private const string Columns = "model_key, variant, author, app_key, app_title, app_source, category, provider";

    /// <summary>
    /// The cached ids of the records' combinations, 0 where not cached. Runs before the write lock is
    /// taken, so hashing the keys is not paid while every other writer waits.
    /// </summary>
    public long[] Cached(IReadOnlyList<ValidRecord> records)
    {
        var result = new long[records.Count];
        for (var i = 0; i < result.Length; i++) result[i] = ids.Entries.GetValueOrDefault(ComboKey.Of(records[i]));
        return result;
    }

    /// <summary>
    /// Resolves ids for an append, inserting new combinations in the caller's write transaction.
    /// Call <see cref="Pending.Commit"/> after that transaction committed.
    /// </summary>
    public Pending Begin(SqliteConnection connection) => new(this, connection);

    /// <summary>The keys of a committed combination, read from the table when not cached.</summary>
    public ComboKey Get(long id, SqliteConnection connection)
    {
        if (keys.TryGetValue(id, out var key)) return key;
        using var select = new NativeStatement(connection, $"SELECT {Columns} FROM record_combos WHERE id = ?1");
        select.Bind(1, id);
        if (!select.Read()) throw new InvalidOperationException($"record_combos has no row {id}");
        key = Read(select, 0);
        while (select.Read()) { }
        Remember(id, key);
        return key;
    }

    /// <summary>Fills in <c>key_hash</c> on rows the migration moved (idempotent; nothing to do on a new database).</summary>
    public static int HashMigratedRows(SqliteConnection connection)
    {
        var rows = new List<(long Id, long Hash)>();
        using (var select = new NativeStatement(connection, $"SELECT id, {Columns} FROM record_combos WHERE key_hash IS NULL"))
        {
            while (select.Read()) rows.Add((select.Int64(0), Read(select, 1).Hash()));
        }
        if (rows.Count == 0) return 0; // every start after the first: no write lock taken
        using var tx = connection.BeginTransaction(deferred: false);
        using (var update = new NativeStatement(connection, "UPDATE record_combos SET key_hash = ?2 WHERE id = ?1"))
        {
            foreach (var (id, hash) in rows)
            {
                update.Bind(1, id);
                update.Bind(2, hash);
                update.Execute();
            }
        }
        tx.Commit();
        return rows.Count;
    }

    private void Remember(long id, ComboKey key)
    {
        ids.Set(key, id);
        keys.Set(id, key);
    }

    private static ComboKey Read(NativeStatement s, int first) => new(
        s.Text(first), s.Text(first + 1), s.Text(first + 2), s.Text(first + 3), s.Text(first + 4),
        (AppSource)s.Int64(first + 5), s.Text(first + 6), s.Text(first + 7));

    /// <summary>The combinations one append transaction created; cached only once it committed.</summary>
    public sealed class Pending(RecordCombos owner, SqliteConnection connection)
    {
        private readonly Dictionary<ComboKey, long> created = [];

        /// <summary>
        /// Fills in the ids <see cref="Cached"/> left at 0, inserting the combinations new to the table. Misses are
        /// handled together: the table is searched for their hashes 64 at a time, the new ones go in one multi-row
        /// INSERT, and their ids are read back in insertion order (one search and one insert per combination cost
        /// 16 µs each under the write lock, 1.3 s per million generated records).
        /// </summary>
        public void Resolve(IReadOnlyList<ValidRecord> records, long[] ids)
        {
            var missing = new Dictionary<ComboKey, long>(); // key → hash
            for (var i = 0; i < ids.Length; i++)
            {
                if (ids[i] != 0) continue;
                var key = ComboKey.Of(records[i]);
                if (owner.ids.TryGetValue(key, out var id) || created.TryGetValue(key, out id)) ids[i] = id;
                else missing.TryAdd(key, 0);
            }
            if (missing.Count == 0) return;

            // Rows committed before this transaction began (by another process, or before a restart). The
            // transaction holds SQLite's write lock, so nobody adds one meanwhile.
            var keys = missing.Keys.ToList();
            foreach (var key in keys) missing[key] = key.Hash();
            var existing = new Dictionary<ComboKey, long>();
            const int PerQuery = 64;
            for (var start = 0; start < keys.Count; start += PerQuery)
            {
                var n = Math.Min(PerQuery, keys.Count - start);
                using var select = new NativeStatement(connection,
                    $"SELECT id, {Columns} FROM record_combos WHERE key_hash IN ({string.Join(", ", Enumerable.Range(1, n).Select(p => "?" + p))})");
                for (var p = 0; p < n; p++) select.Bind(p + 1, missing[keys[start + p]]);
                while (select.Read())
                {
                    var key = Read(select, 1);
                    if (missing.ContainsKey(key)) existing.TryAdd(key, select.Int64(0));
                }
            }
            foreach (var (key, id) in existing) owner.Remember(id, key);
            var fresh = keys.Where(k => !existing.ContainsKey(k)).ToList();

            if (fresh.Count > 0)
            {
                using var max = new NativeStatement(connection, "SELECT COALESCE(MAX(id), 0) FROM record_combos");
                max.Read();
                var before = max.Int64(0);
                while (max.Read()) { }
                using (var insert = new MultiRowInsert(connection, $"INSERT INTO record_combos (key_hash, {Columns})", columns: 9, "", fresh.Count))
                {
                    foreach (var key in fresh)
                    {
                        insert.BeginRow();
                        insert.Bind(1, missing[key]);
                        Bind(insert, key, first: 2);
                        insert.EndRow();
                    }
                }
                // AUTOINCREMENT under the write lock: the new rows hold the ids after the old maximum, in insertion order.
                using var added = new NativeStatement(connection, "SELECT id FROM record_combos WHERE id > ?1 ORDER BY id");
                added.Bind(1, before);
                var k = 0;
                while (added.Read())
                {
                    if (k == fresh.Count) throw new InvalidOperationException("record_combos gained rows this transaction did not insert");
                    created[fresh[k++]] = added.Int64(0);
                }
                if (k != fresh.Count) throw new InvalidOperationException($"record_combos: {fresh.Count} rows inserted, {k} read back");
            }
            for (var i = 0; i < ids.Length; i++)
            {
                if (ids[i] != 0) continue;
                var key = ComboKey.Of(records[i]);
                ids[i] = created.TryGetValue(key, out var id) ? id : existing[key];
            }
        }

        public void Commit()
        {
            foreach (var (key, id) in created) owner.Remember(id, key);
            created.Clear();
        }

        private static void Bind(MultiRowInsert s, in ComboKey k, int first)
        {
            s.Bind(first, k.ModelKey);
            s.Bind(first + 1, k.Variant);
            s.Bind(first + 2, k.Author);
            s.Bind(first + 3, k.AppKey);
            s.Bind(first + 4, k.AppTitle);
            s.Bind(first + 5, (long)k.AppSource);
            s.Bind(first + 6, k.Category);
            s.Bind(first + 7, k.Provider);
        }
    }
}
