using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RankingsWeb.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ListingVersionPostgres : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "listing_version",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_listing_version", x => x.id);
                });

            migrationBuilder.InsertData(
                table: "listing_version",
                columns: new[] { "id", "version" },
                values: new object[] { 1, 0L });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "listing_version");
        }
    }
}
