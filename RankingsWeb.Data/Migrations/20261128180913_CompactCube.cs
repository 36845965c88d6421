using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RankingsWeb.Data.Migrations
{
    /// <inheritdoc />
    public partial class CompactCube : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Hand-written: the cube's rows move over with their sums into one narrow WITHOUT ROWID tree, and the view keeps
            // the old table's name and columns for the queries. Keyed (key_id, day): a cube read always filters on a key
            // (unfiltered reads use dimension_rollups), so it finds the matching keys and seeks each one's day range; keyed
            // (day, key_id), a read filtered on a model scanned the window once per matching key (16 s at 1M records).
            migrationBuilder.Sql("""
                CREATE TABLE cube_keys (
                    id INTEGER NOT NULL CONSTRAINT PK_cube_keys PRIMARY KEY AUTOINCREMENT,
                    model_key TEXT NOT NULL, variant TEXT NOT NULL, app_key TEXT NOT NULL, category TEXT NOT NULL,
                    provider TEXT NOT NULL, author TEXT NOT NULL);
                CREATE UNIQUE INDEX ux_cube_keys ON cube_keys (model_key, variant, app_key, category, provider);
                CREATE TABLE cube (
                    day INTEGER NOT NULL, key_id INTEGER NOT NULL,
                    tokens_prompt INTEGER NOT NULL, tokens_completion INTEGER NOT NULL, tokens_reasoning INTEGER NOT NULL,
                    tokens_cached INTEGER NOT NULL, requests INTEGER NOT NULL, cost_nanos INTEGER NOT NULL,
                    CONSTRAINT PK_cube PRIMARY KEY (key_id, day)
                ) WITHOUT ROWID;
                INSERT INTO cube_keys (model_key, variant, app_key, category, provider, author)
                SELECT model_key, variant, app_key, category, provider, MIN(author) FROM rollups
                GROUP BY model_key, variant, app_key, category, provider;
                INSERT INTO cube (day, key_id, tokens_prompt, tokens_completion, tokens_reasoning, tokens_cached, requests, cost_nanos)
                SELECT r.day, k.id, r.tokens_prompt, r.tokens_completion, r.tokens_reasoning, r.tokens_cached, r.requests, r.cost_nanos
                FROM rollups r JOIN cube_keys k ON k.model_key = r.model_key AND k.variant = r.variant AND k.app_key = r.app_key
                    AND k.category = r.category AND k.provider = r.provider
                ORDER BY k.id, r.day;
                DROP TABLE rollups;
                CREATE VIEW rollups AS
                SELECT c.day, k.model_key, k.variant, k.app_key, k.category, k.provider, k.author, c.tokens_prompt, c.tokens_completion,
                    c.tokens_reasoning, c.tokens_cached, c.requests, c.cost_nanos
                FROM cube_keys k JOIN cube c ON c.key_id = k.id;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE rollups_table (
                    "day" INTEGER NOT NULL, "model_key" TEXT NOT NULL, "variant" TEXT NOT NULL, "app_key" TEXT NOT NULL,
                    "category" TEXT NOT NULL, "provider" TEXT NOT NULL, "author" TEXT NOT NULL,
                    "tokens_prompt" INTEGER NOT NULL, "tokens_completion" INTEGER NOT NULL, "tokens_reasoning" INTEGER NOT NULL,
                    "tokens_cached" INTEGER NOT NULL, "requests" INTEGER NOT NULL, "cost_nanos" INTEGER NOT NULL,
                    CONSTRAINT "PK_rollups" PRIMARY KEY ("day", "model_key", "variant", "app_key", "category", "provider")
                ) WITHOUT ROWID;
                INSERT INTO rollups_table SELECT * FROM rollups;
                DROP VIEW rollups;
                ALTER TABLE rollups_table RENAME TO rollups;
                DROP TABLE cube;
                DROP TABLE cube_keys;
                """);
        }
    }
}
