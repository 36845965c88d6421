using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RankingsWeb.Data.Migrations
{
    /// <inheritdoc />
    public partial class RecordBlocks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Hand-written: records are stored packed from now on, with their keys (Ingestion.RecordBlock), their ids once
            // each in record_ids. The ids move here; the rows themselves are packed into blocks in arrival order, and the
            // fold's mark moved onto the blocks, by Ingestion.LegacyRecords.Pack right after the migrations run (SQL cannot
            // build the blocks). Until then they wait, renamed with their key combinations, and nothing folds.
            migrationBuilder.Sql("""
                CREATE TABLE record_blocks (
                    seq INTEGER NOT NULL CONSTRAINT PK_record_blocks PRIMARY KEY AUTOINCREMENT,
                    batch_id INTEGER NOT NULL, records INTEGER NOT NULL, data BLOB NOT NULL);
                CREATE TABLE record_ids (
                    id TEXT NOT NULL CONSTRAINT PK_record_ids PRIMARY KEY, batch_id INTEGER NOT NULL) WITHOUT ROWID;
                INSERT INTO record_ids (id, batch_id) SELECT id, batch_id FROM usage_records ORDER BY id;
                DROP INDEX ux_usage_records_id;
                DROP INDEX ix_record_combos_key_hash;
                ALTER TABLE usage_records RENAME TO usage_records_legacy;
                ALTER TABLE record_combos RENAME TO record_combos_legacy;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // SQL cannot unpack the blocks: going back means restoring the database from before this migration.
            throw new NotSupportedException("RecordBlocks cannot be reverted: records are stored packed; restore a backup taken before it instead.");
        }
    }
}
