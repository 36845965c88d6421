using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RankingsWeb.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RequestsAndToolCalls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Contract v1.1. A record stored before it is one generation: requests 1 (records still queued for the fold
            // at the upgrade are folded with it), no tool calls. Rollups' requests counted records until now, the same sum.
            migrationBuilder.AddColumn<long>(
                name: "requests",
                table: "usage_records",
                type: "bigint",
                nullable: false,
                defaultValue: 1L);

            migrationBuilder.AddColumn<long>(
                name: "tool_calls",
                table: "usage_records",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "tool_calls",
                table: "rollups",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "tool_calls",
                table: "dimension_rollups",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "requests",
                table: "usage_records");

            migrationBuilder.DropColumn(
                name: "tool_calls",
                table: "usage_records");

            migrationBuilder.DropColumn(
                name: "tool_calls",
                table: "rollups");

            migrationBuilder.DropColumn(
                name: "tool_calls",
                table: "dimension_rollups");
        }
    }
}
