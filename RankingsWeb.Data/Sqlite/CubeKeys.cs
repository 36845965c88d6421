using Microsoft.Data.Sqlite;
using RankingsWeb.Data.Ingestion;

namespace RankingsWeb.Data.Sqlite;

/// <summary>The text keys of one cube row, every dimension but the day.</summary>
internal readonly record struct CubeKeyText(string ModelKey, string Variant, string AppKey, string Category, string Provider);

/// <summary>
/// SQLite: the ids of <c>cube_keys</c> rows (see <see cref="Entities.CubeKey"/>), cached. Rows there are never
/// changed or deleted and ids are never reused (AUTOINCREMENT), so a committed entry stays true; an entry made
/// in a fold step's transaction is cached only once that transaction committed.
/// </summary>
internal sealed class CubeKeys
{
    private readonly BoundedCache<CubeKeyText, long> ids = new(1_000_000);

    /// <summary>The cached ids of <paramref name="keys"/>, 0 where not cached: looked up before the write lock is taken.</summary>
    public long[] Cached(IReadOnlyList<CubeKeyText> keys)
    {
        var result = new long[keys.Count];
        for (var i = 0; i < result.Length; i++) result[i] = ids.Entries.GetValueOrDefault(keys[i]);
        return result;
    }

    /// <summary>Resolves ids for one fold step inside its write transaction; call <see cref="Pending.Commit"/> after it committed.</summary>
    public Pending Begin(SqliteConnection connection) => new(this, connection);

    public sealed class Pending(CubeKeys owner, SqliteConnection connection) : IDisposable
    {
        private readonly Dictionary<CubeKeyText, long> created = [];
        private readonly Dictionary<CubeKeyText, long> found = [];
        private NativeStatement? select;

        /// <summary>
        /// Fills in the ids <see cref="Cached"/> left at 0; keys new to the table are inserted. Misses are handled
        /// together: one multi-row INSERT … ON CONFLICT DO NOTHING and one read-back of the rows it added (a
        /// lookup and an insert per new key, under the write lock, held up every other writer).
        /// </summary>
        public void Resolve(IReadOnlyList<CubeKeyText> keys, IReadOnlyList<string> authors, long[] ids)
        {
            var missing = new Dictionary<CubeKeyText, string>();
            for (var i = 0; i < ids.Length; i++)
            {
                if (ids[i] != 0) continue;
                var key = keys[i];
                if (owner.ids.TryGetValue(key, out var id) || created.TryGetValue(key, out id)) ids[i] = id;
                else missing.TryAdd(key, authors[i]);
            }
            if (missing.Count == 0) return;

            // This transaction holds the write lock: every row above the current maximum id is one inserted here.
            long before;
            using (var max = new NativeStatement(connection, "SELECT COALESCE(MAX(id), 0) FROM cube_keys"))
            {
                max.Read();
                before = max.Int64(0);
                while (max.Read()) { }
            }
            using (var insert = new MultiRowInsert(connection, "INSERT INTO cube_keys (model_key, variant, app_key, category, provider, author)",
                columns: 6, "ON CONFLICT DO NOTHING", missing.Count))
            {
                foreach (var (key, author) in missing)
                {
                    insert.BeginRow();
                    insert.Bind(1, key.ModelKey);
                    insert.Bind(2, key.Variant);
                    insert.Bind(3, key.AppKey);
                    insert.Bind(4, key.Category);
                    insert.Bind(5, key.Provider);
                    insert.Bind(6, author);
                    insert.EndRow();
                }
            }
            using (var added = new NativeStatement(connection, "SELECT id, model_key, variant, app_key, category, provider FROM cube_keys WHERE id > ?1"))
            {
                added.Bind(1, before);
                while (added.Read()) created[new CubeKeyText(added.Text(1), added.Text(2), added.Text(3), added.Text(4), added.Text(5))] = added.Int64(0);
            }
            for (var i = 0; i < ids.Length; i++)
            {
                if (ids[i] != 0) continue;
                var key = keys[i];
                // Not added here: the row was committed earlier, by another process or before a restart.
                ids[i] = created.TryGetValue(key, out var id) ? id : Existing(key);
            }
        }

        private long Existing(in CubeKeyText key)
        {
            if (found.TryGetValue(key, out var id)) return id;
            select ??= new NativeStatement(connection,
                "SELECT id FROM cube_keys WHERE model_key = ?1 AND variant = ?2 AND app_key = ?3 AND category = ?4 AND provider = ?5");
            select.Bind(1, key.ModelKey);
            select.Bind(2, key.Variant);
            select.Bind(3, key.AppKey);
            select.Bind(4, key.Category);
            select.Bind(5, key.Provider);
            if (!select.Read()) throw new InvalidOperationException($"cube_keys has no row for {key}");
            id = select.Int64(0);
            while (select.Read()) { }
            found[key] = id;
            return id;
        }

        public void Commit()
        {
            foreach (var (key, id) in created) owner.ids.Set(key, id);
            foreach (var (key, id) in found) owner.ids.Set(key, id);
            created.Clear();
            found.Clear();
        }

        public void Dispose() => select?.Dispose();
    }
}
