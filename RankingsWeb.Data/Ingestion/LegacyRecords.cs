using Microsoft.Data.Sqlite;
using RankingsWeb.Data.Entities;
using RankingsWeb.Data.Sqlite;

namespace RankingsWeb.Data.Ingestion;

/// <summary>SQLite: the records of a database written before they were stored packed (migration <c>RecordBlocks</c>).</summary>
public static class LegacyRecords
{
    /// <summary>
    /// Packs the rows of <c>usage_records_legacy</c>, with their keys from <c>record_combos_legacy</c>, into blocks
    /// in seq order (a block never spans two batches, nor the fold's mark), moves the mark onto the last block of
    /// folded rows and drops both tables, in one transaction. Idempotent: once the tables are gone it does
    /// nothing. Returns the rows packed.
    /// </summary>
    public static long Pack(SqliteConnection connection)
    {
        using (var exists = new NativeStatement(connection, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'usage_records_legacy'"))
        {
            if (!exists.Read()) return 0; // every start after the first: no write lock taken
            while (exists.Read()) { }
        }
        using var tx = connection.BeginTransaction(deferred: false);
        long mark;
        using (var state = new NativeStatement(connection, "SELECT high_water_seq FROM aggregation_state WHERE id = 1"))
        {
            mark = state.Read() ? state.Int64(0) : 0;
            while (state.Read()) { }
        }
        long packed = 0, newMark = 0;
        using (var rows = new NativeStatement(connection, """
            SELECT r.seq, r.id, r.created_at, r.day, r.tokens_prompt, r.tokens_completion, r.tokens_reasoning, r.tokens_cached, r.cost_nanos,
                r.batch_id, c.model_key, c.variant, c.author, c.app_key, c.app_title, c.app_source, c.category, c.provider
            FROM usage_records_legacy r JOIN record_combos_legacy c ON c.id = r.combo_id
            ORDER BY r.seq
            """))
        using (var insert = new NativeStatement(connection, "INSERT INTO record_blocks (batch_id, records, data) VALUES (?1, ?2, ?3)"))
        {
            RecordBlock.Writer? block = null;
            long blockBatch = 0;
            var blockFolded = false;
            while (rows.Read())
            {
                var batch = rows.Int64(9);
                var folded = rows.Int64(0) <= mark;
                if (block is not null && (batch != blockBatch || folded != blockFolded || block.Count == RecordBlock.MaxRecords)) Flush();
                block ??= new RecordBlock.Writer(1024);
                (blockBatch, blockFolded) = (batch, folded);
                var combo = new ComboKey(rows.Text(10), rows.Text(11), rows.Text(12), rows.Text(13), rows.Text(14),
                    (AppSource)rows.Int64(15), rows.Text(16), rows.Text(17));
                block.Add(rows.Text(1), rows.Int64(2), checked((int)rows.Int64(3)), combo,
                    rows.Int64(4), rows.Int64(5), rows.Int64(6), rows.Int64(7), rows.Int64(8));
            }
            if (block is not null) Flush();

            void Flush()
            {
                insert.Bind(1, blockBatch);
                insert.Bind(2, block!.Count);
                insert.Bind(3, block.ToArray());
                insert.Execute();
                if (blockFolded) newMark = insert.LastInsertRowId;
                packed += block.Count;
                block = null;
            }
        }
        using (var count = new NativeStatement(connection, "SELECT COUNT(*) FROM usage_records_legacy"))
        {
            count.Read();
            if (count.Int64(0) != packed) throw new InvalidOperationException($"usage_records_legacy: {count.Int64(0)} rows, {packed} packed (a record without its combination)");
            while (count.Read()) { }
        }
        using (var update = new NativeStatement(connection, "UPDATE aggregation_state SET high_water_seq = ?1 WHERE id = 1"))
        {
            update.Bind(1, newMark);
            update.Execute();
        }
        using (var drop = new NativeStatement(connection, "DROP TABLE usage_records_legacy")) drop.Execute();
        using (var drop = new NativeStatement(connection, "DROP TABLE record_combos_legacy")) drop.Execute();
        tx.Commit();
        return packed;
    }
}
