using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RankingsWeb.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "aggregation_state",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false),
                    high_water_seq = table.Column<long>(type: "INTEGER", nullable: false),
                    folded_records = table.Column<long>(type: "INTEGER", nullable: false),
                    last_aggregated_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_run_ms = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_aggregation_state", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "apps",
                columns: table => new
                {
                    key = table.Column<string>(type: "TEXT", nullable: false),
                    display_name = table.Column<string>(type: "TEXT", nullable: false),
                    title_at = table.Column<long>(type: "INTEGER", nullable: false),
                    first_seen = table.Column<long>(type: "INTEGER", nullable: false),
                    last_seen = table.Column<long>(type: "INTEGER", nullable: false),
                    listed = table.Column<bool>(type: "INTEGER", nullable: false),
                    listed_changed_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_apps", x => x.key);
                });

            // Clustered on the read path (dimension, day, key): a window is one contiguous range.
            migrationBuilder.Sql("""
                CREATE TABLE "dimension_rollups" (
                    "dimension" INTEGER NOT NULL, "day" INTEGER NOT NULL, "key" TEXT NOT NULL,
                    "tokens_prompt" INTEGER NOT NULL, "tokens_completion" INTEGER NOT NULL, "tokens_reasoning" INTEGER NOT NULL,
                    "tokens_cached" INTEGER NOT NULL, "requests" INTEGER NOT NULL, "cost_nanos" INTEGER NOT NULL,
                    CONSTRAINT "PK_dimension_rollups" PRIMARY KEY ("dimension", "day", "key")
                ) WITHOUT ROWID;
                """);

            migrationBuilder.CreateTable(
                name: "ingest_batches",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    received_at = table.Column<long>(type: "INTEGER", nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    accepted = table.Column<int>(type: "INTEGER", nullable: false),
                    duplicates = table.Column<int>(type: "INTEGER", nullable: false),
                    rejected = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ingest_batches", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "rejected_lines",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    batch_id = table.Column<long>(type: "INTEGER", nullable: false),
                    line = table.Column<int>(type: "INTEGER", nullable: false),
                    record_id = table.Column<string>(type: "TEXT", nullable: true),
                    error = table.Column<string>(type: "TEXT", nullable: false),
                    raw = table.Column<string>(type: "TEXT", nullable: false),
                    received_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rejected_lines", x => x.id);
                });

            migrationBuilder.Sql("""
                CREATE TABLE "rollups" (
                    "day" INTEGER NOT NULL, "model_key" TEXT NOT NULL, "variant" TEXT NOT NULL, "app_key" TEXT NOT NULL,
                    "category" TEXT NOT NULL, "provider" TEXT NOT NULL, "author" TEXT NOT NULL,
                    "tokens_prompt" INTEGER NOT NULL, "tokens_completion" INTEGER NOT NULL, "tokens_reasoning" INTEGER NOT NULL,
                    "tokens_cached" INTEGER NOT NULL, "requests" INTEGER NOT NULL, "cost_nanos" INTEGER NOT NULL,
                    CONSTRAINT "PK_rollups" PRIMARY KEY ("day", "model_key", "variant", "app_key", "category", "provider")
                ) WITHOUT ROWID;
                """);

            migrationBuilder.CreateTable(
                name: "usage_records",
                columns: table => new
                {
                    seq = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    id = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    day = table.Column<int>(type: "INTEGER", nullable: false),
                    model_key = table.Column<string>(type: "TEXT", nullable: false),
                    variant = table.Column<string>(type: "TEXT", nullable: false),
                    author = table.Column<string>(type: "TEXT", nullable: false),
                    app_key = table.Column<string>(type: "TEXT", nullable: true),
                    app_title = table.Column<string>(type: "TEXT", nullable: true),
                    app_source = table.Column<byte>(type: "INTEGER", nullable: false),
                    category = table.Column<string>(type: "TEXT", nullable: false),
                    provider = table.Column<string>(type: "TEXT", nullable: true),
                    tokens_prompt = table.Column<long>(type: "INTEGER", nullable: false),
                    tokens_completion = table.Column<long>(type: "INTEGER", nullable: false),
                    tokens_reasoning = table.Column<long>(type: "INTEGER", nullable: false),
                    tokens_cached = table.Column<long>(type: "INTEGER", nullable: false),
                    cost_nanos = table.Column<long>(type: "INTEGER", nullable: false),
                    batch_id = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_usage_records", x => x.seq);
                });

            migrationBuilder.InsertData(
                table: "aggregation_state",
                columns: new[] { "id", "folded_records", "high_water_seq", "last_aggregated_at", "last_run_ms" },
                values: new object[] { 1, 0L, 0L, null, 0L });

            migrationBuilder.CreateIndex(
                name: "ix_apps_listed",
                table: "apps",
                column: "listed");

            migrationBuilder.CreateIndex(
                name: "ix_ingest_batches_received_at",
                table: "ingest_batches",
                column: "received_at");

            migrationBuilder.CreateIndex(
                name: "ix_rejected_lines_batch_id",
                table: "rejected_lines",
                column: "batch_id");

            migrationBuilder.CreateIndex(
                name: "ix_rejected_lines_received_at",
                table: "rejected_lines",
                column: "received_at");

            migrationBuilder.CreateIndex(
                name: "ux_usage_records_id",
                table: "usage_records",
                column: "id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "aggregation_state");

            migrationBuilder.DropTable(
                name: "apps");

            migrationBuilder.DropTable(
                name: "dimension_rollups");

            migrationBuilder.DropTable(
                name: "ingest_batches");

            migrationBuilder.DropTable(
                name: "rejected_lines");

            migrationBuilder.DropTable(
                name: "rollups");

            migrationBuilder.DropTable(
                name: "usage_records");
        }
    }
}
