using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RankingsWeb.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RetiredIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Retention (SqliteRawRetention) keeps here the ids of the record blocks it deleted while DedupDays still
            // remembers them: record_ids is keyed by id alone, and an index on its batch_id would cost every ingested
            // record an extra insert.
            migrationBuilder.CreateTable(
                name: "retired_ids",
                columns: table => new
                {
                    seq = table.Column<long>(type: "INTEGER", nullable: false),
                    batch_id = table.Column<long>(type: "INTEGER", nullable: false),
                    count = table.Column<long>(type: "INTEGER", nullable: false),
                    data = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_retired_ids", x => x.seq);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "retired_ids");
        }
    }
}
