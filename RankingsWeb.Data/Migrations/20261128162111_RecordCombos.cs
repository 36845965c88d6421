using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RankingsWeb.Data.Migrations
{
    /// <inheritdoc />
    public partial class RecordCombos : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Hand-written: records keep their seq (the fold's high-water mark runs over it) and their keys,
            // which move into one row per distinct combination.
            migrationBuilder.Sql("""
                CREATE TABLE record_combos (
                    id INTEGER NOT NULL CONSTRAINT PK_record_combos PRIMARY KEY AUTOINCREMENT, key_hash INTEGER NULL,
                    model_key TEXT NOT NULL, variant TEXT NOT NULL, author TEXT NOT NULL, app_key TEXT NOT NULL,
                    app_title TEXT NOT NULL, app_source INTEGER NOT NULL, category TEXT NOT NULL, provider TEXT NOT NULL);
                CREATE INDEX ix_record_combos_key_hash ON record_combos (key_hash);
                -- Only for the move below; start-up fills key_hash in (MigrateRankingsDatabaseAsync).
                CREATE UNIQUE INDEX ux_record_combos_move ON record_combos (model_key, variant, author, app_key, app_title, app_source, category, provider);
                INSERT INTO record_combos (model_key, variant, author, app_key, app_title, app_source, category, provider)
                SELECT DISTINCT model_key, variant, author, COALESCE(app_key, ''), COALESCE(app_title, ''), app_source, category, COALESCE(provider, '')
                FROM usage_records;
                CREATE TABLE usage_records_new (
                    seq INTEGER NOT NULL CONSTRAINT PK_usage_records PRIMARY KEY AUTOINCREMENT,
                    id TEXT NULL, created_at INTEGER NOT NULL, day INTEGER NOT NULL, combo_id INTEGER NOT NULL,
                    tokens_prompt INTEGER NOT NULL, tokens_completion INTEGER NOT NULL, tokens_reasoning INTEGER NOT NULL,
                    tokens_cached INTEGER NOT NULL, cost_nanos INTEGER NOT NULL, batch_id INTEGER NOT NULL);
                INSERT INTO usage_records_new (seq, id, created_at, day, combo_id, tokens_prompt, tokens_completion, tokens_reasoning,
                    tokens_cached, cost_nanos, batch_id)
                SELECT u.seq, u.id, u.created_at, u.day, c.id, u.tokens_prompt, u.tokens_completion, u.tokens_reasoning,
                    u.tokens_cached, u.cost_nanos, u.batch_id
                FROM usage_records u JOIN record_combos c ON c.model_key = u.model_key AND c.variant = u.variant AND c.author = u.author
                    AND c.app_key = COALESCE(u.app_key, '') AND c.app_title = COALESCE(u.app_title, '') AND c.app_source = u.app_source
                    AND c.category = u.category AND c.provider = COALESCE(u.provider, '')
                ORDER BY u.seq;
                DROP TABLE usage_records;
                ALTER TABLE usage_records_new RENAME TO usage_records;
                CREATE UNIQUE INDEX ux_usage_records_id ON usage_records (id);
                DROP INDEX ux_record_combos_move;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE usage_records_old (
                    seq INTEGER NOT NULL CONSTRAINT PK_usage_records PRIMARY KEY AUTOINCREMENT,
                    id TEXT NULL, created_at INTEGER NOT NULL, day INTEGER NOT NULL, model_key TEXT NOT NULL, variant TEXT NOT NULL,
                    author TEXT NOT NULL, app_key TEXT NULL, app_title TEXT NULL, app_source INTEGER NOT NULL, category TEXT NOT NULL,
                    provider TEXT NULL, tokens_prompt INTEGER NOT NULL, tokens_completion INTEGER NOT NULL, tokens_reasoning INTEGER NOT NULL,
                    tokens_cached INTEGER NOT NULL, cost_nanos INTEGER NOT NULL, batch_id INTEGER NOT NULL);
                INSERT INTO usage_records_old
                SELECT u.seq, u.id, u.created_at, u.day, c.model_key, c.variant, c.author, NULLIF(c.app_key, ''), NULLIF(c.app_title, ''),
                    c.app_source, c.category, NULLIF(c.provider, ''), u.tokens_prompt, u.tokens_completion, u.tokens_reasoning,
                    u.tokens_cached, u.cost_nanos, u.batch_id
                FROM usage_records u JOIN record_combos c ON c.id = u.combo_id ORDER BY u.seq;
                DROP TABLE usage_records;
                ALTER TABLE usage_records_old RENAME TO usage_records;
                CREATE UNIQUE INDEX ux_usage_records_id ON usage_records (id);
                DROP TABLE record_combos;
                """);
        }
    }
}
