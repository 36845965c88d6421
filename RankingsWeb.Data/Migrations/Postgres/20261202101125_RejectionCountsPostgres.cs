using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RankingsWeb.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RejectionCountsPostgres : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "rejection_counts",
                columns: table => new
                {
                    batch_id = table.Column<long>(type: "bigint", nullable: false),
                    reason = table.Column<string>(type: "text", nullable: false),
                    received_at = table.Column<long>(type: "bigint", nullable: false),
                    count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rejection_counts", x => new { x.batch_id, x.reason });
                });

            migrationBuilder.CreateIndex(
                name: "ix_rejection_counts_received_at",
                table: "rejection_counts",
                column: "received_at");

            // Until now every rejected line was stored: its rows give the counts of the batches already received.
            migrationBuilder.Sql("""
                INSERT INTO rejection_counts (batch_id, reason, received_at, count)
                SELECT batch_id, reason, MIN(received_at), COUNT(*) FROM rejected_lines GROUP BY batch_id, reason
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "rejection_counts");
        }
    }
}
