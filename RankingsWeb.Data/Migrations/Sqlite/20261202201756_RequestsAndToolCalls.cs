using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RankingsWeb.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RequestsAndToolCalls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Contract v1.1: tool calls summed beside the tokens. Rows folded before it made none (0); their requests
            // counted records, each one generation, which is what summing the records' requests gives from now on.
            // Hand-written like the tables in Initial: an ALTER keeps the cube and dimension_rollups WITHOUT ROWID
            // (EF's rebuild would not), and the rollups view is created again with the new column.
            migrationBuilder.Sql("""
                ALTER TABLE cube ADD COLUMN tool_calls INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE dimension_rollups ADD COLUMN tool_calls INTEGER NOT NULL DEFAULT 0;
                DROP VIEW rollups;
                CREATE VIEW rollups AS
                SELECT c.day, k.model_key, k.variant, k.app_key, k.category, k.provider, k.author, c.tokens_prompt, c.tokens_completion,
                    c.tokens_reasoning, c.tokens_cached, c.requests, c.cost_nanos, c.tool_calls
                FROM cube_keys k JOIN cube c ON c.key_id = k.id;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP VIEW rollups;
                ALTER TABLE cube DROP COLUMN tool_calls;
                ALTER TABLE dimension_rollups DROP COLUMN tool_calls;
                CREATE VIEW rollups AS
                SELECT c.day, k.model_key, k.variant, k.app_key, k.category, k.provider, k.author, c.tokens_prompt, c.tokens_completion,
                    c.tokens_reasoning, c.tokens_cached, c.requests, c.cost_nanos
                FROM cube_keys k JOIN cube c ON c.key_id = k.id;
                """);
        }
    }
}
