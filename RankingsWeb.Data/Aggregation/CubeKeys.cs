using Microsoft.Data.Sqlite;
using RankingsWeb.Data.Ingestion;

namespace RankingsWeb.Data.Aggregation;

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

    /// <summary>Resolves ids for one fold step inside its write transaction; call <see cref="Pending.Commit"/> after it committed.</summary>
    public Pending Begin(SqliteConnection connection) => new(this, connection);

    public sealed class Pending(CubeKeys owner, SqliteConnection connection) : IDisposable
    {
        private readonly Dictionary<CubeKeyText, long> created = [];
        private readonly List<(CubeKeyText Key, long Id)> found = [];
        private NativeStatement? select;
        private NativeStatement? insert;

        public long IdOf(in CubeKeyText key, string author)
        {
            if (owner.ids.TryGetValue(key, out var id) || created.TryGetValue(key, out id)) return id;
            // Committed by another process, or before a restart: this transaction holds the write lock, so the
            // row cannot appear between this look and the insert below.
            select ??= new NativeStatement(connection,
                "SELECT id FROM cube_keys WHERE model_key = ?1 AND variant = ?2 AND app_key = ?3 AND category = ?4 AND provider = ?5");
            Bind(select, key);
            if (select.Read())
            {
                id = select.Int64(0);
                while (select.Read()) { }
                found.Add((key, id));
                return id;
            }
            insert ??= new NativeStatement(connection,
                "INSERT INTO cube_keys (model_key, variant, app_key, category, provider, author) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
            Bind(insert, key);
            insert.Bind(6, author);
            insert.Execute();
            id = insert.LastInsertRowId;
            created[key] = id;
            return id;
        }

        public void Commit()
        {
            foreach (var (key, id) in created) owner.ids.Set(key, id);
            foreach (var (key, id) in found) owner.ids.Set(key, id);
            created.Clear();
            found.Clear();
        }

        public void Dispose()
        {
            select?.Dispose();
            insert?.Dispose();
        }

        private static void Bind(NativeStatement s, in CubeKeyText k)
        {
            s.Bind(1, k.ModelKey);
            s.Bind(2, k.Variant);
            s.Bind(3, k.AppKey);
            s.Bind(4, k.Category);
            s.Bind(5, k.Provider);
        }
    }
}
