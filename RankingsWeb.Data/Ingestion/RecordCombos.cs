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
    public sealed class Pending(RecordCombos owner, SqliteConnection connection) : IDisposable
    {
        private readonly Dictionary<ComboKey, long> created = [];
        private NativeStatement? select;
        private NativeStatement? insert;

        public long IdOf(ValidRecord record)
        {
            var key = ComboKey.Of(record);
            if (owner.ids.TryGetValue(key, out var id) || created.TryGetValue(key, out id)) return id;

            // Rows with the same hash: committed before this transaction began (by another process, or before
            // a restart). The write transaction holds SQLite's write lock, so nobody adds one meanwhile.
            var hash = key.Hash();
            select ??= new NativeStatement(connection, $"SELECT id, {Columns} FROM record_combos WHERE key_hash = ?1");
            select.Bind(1, hash);
            var found = 0L;
            while (select.Read())
            {
                if (found == 0 && Read(select, 1) == key) found = select.Int64(0);
            }
            if (found != 0)
            {
                owner.Remember(found, key);
                return found;
            }
            insert ??= new NativeStatement(connection, $"INSERT INTO record_combos (key_hash, {Columns}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
            insert.Bind(1, hash);
            Bind(insert, key, first: 2);
            insert.Execute();
            id = insert.LastInsertRowId;
            created[key] = id;
            return id;
        }

        public void Commit()
        {
            foreach (var (key, id) in created) owner.Remember(id, key);
            created.Clear();
        }

        public void Dispose()
        {
            select?.Dispose();
            insert?.Dispose();
        }

        private static void Bind(NativeStatement s, in ComboKey k, int first)
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
