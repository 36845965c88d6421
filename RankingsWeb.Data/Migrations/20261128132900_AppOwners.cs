using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RankingsWeb.Data.Migrations
{
    /// <inheritdoc />
    public partial class AppOwners : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "app_aliases",
                columns: table => new
                {
                    alias_key = table.Column<string>(type: "TEXT", nullable: false),
                    app_key = table.Column<string>(type: "TEXT", nullable: false),
                    status = table.Column<byte>(type: "INTEGER", nullable: false),
                    requested_by = table.Column<string>(type: "TEXT", nullable: false),
                    requested_at = table.Column<long>(type: "INTEGER", nullable: false),
                    decided_by = table.Column<string>(type: "TEXT", nullable: true),
                    decided_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_app_aliases", x => x.alias_key);
                });

            migrationBuilder.CreateTable(
                name: "app_attribution",
                columns: table => new
                {
                    day = table.Column<int>(type: "INTEGER", nullable: false),
                    app_key = table.Column<string>(type: "TEXT", nullable: false),
                    app_source = table.Column<byte>(type: "INTEGER", nullable: false),
                    title = table.Column<string>(type: "TEXT", nullable: false),
                    requests = table.Column<long>(type: "INTEGER", nullable: false),
                    tokens = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_app_attribution", x => new { x.app_key, x.day, x.app_source, x.title });
                });

            migrationBuilder.CreateTable(
                name: "app_owners",
                columns: table => new
                {
                    app_key = table.Column<string>(type: "TEXT", nullable: false),
                    user_id = table.Column<string>(type: "TEXT", nullable: false),
                    user_name = table.Column<string>(type: "TEXT", nullable: false),
                    assigned_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_app_owners", x => new { x.app_key, x.user_id });
                });

            migrationBuilder.CreateTable(
                name: "listing_audit",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    app_key = table.Column<string>(type: "TEXT", nullable: false),
                    listed = table.Column<bool>(type: "INTEGER", nullable: false),
                    changed_by = table.Column<string>(type: "TEXT", nullable: false),
                    via = table.Column<string>(type: "TEXT", nullable: false),
                    changed_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_listing_audit", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_app_aliases_app",
                table: "app_aliases",
                columns: new[] { "app_key", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_app_owners_user",
                table: "app_owners",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_listing_audit_app",
                table: "listing_audit",
                columns: new[] { "app_key", "changed_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "app_aliases");

            migrationBuilder.DropTable(
                name: "app_attribution");

            migrationBuilder.DropTable(
                name: "app_owners");

            migrationBuilder.DropTable(
                name: "listing_audit");
        }
    }
}
