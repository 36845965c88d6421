using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RankingsWeb.Data.Migrations.Sqlite
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

            migrationBuilder.CreateTable(
                name: "AspNetRoles",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUsers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedUserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    EmailConfirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    PasswordHash = table.Column<string>(type: "TEXT", nullable: true),
                    SecurityStamp = table.Column<string>(type: "TEXT", nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "TEXT", nullable: true),
                    PhoneNumber = table.Column<string>(type: "TEXT", nullable: true),
                    PhoneNumberConfirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    LockoutEnd = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUsers", x => x.Id);
                });

            // Hand-written from here to the view: WITHOUT ROWID where the key is the whole point of the table (the cube
            // and the per-dimension sums are read and upserted by key), and rollups as a view over the compact cube
            // (see Entities.CubeKey). EF cannot express either.
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
                CREATE VIEW rollups AS
                SELECT c.day, k.model_key, k.variant, k.app_key, k.category, k.provider, k.author, c.tokens_prompt, c.tokens_completion,
                    c.tokens_reasoning, c.tokens_cached, c.requests, c.cost_nanos
                FROM cube_keys k JOIN cube c ON c.key_id = k.id;
                """);

            migrationBuilder.Sql("""
                CREATE TABLE "dimension_rollups" (
                    "dimension" INTEGER NOT NULL, "day" INTEGER NOT NULL, "key" TEXT NOT NULL,
                    "tokens_prompt" INTEGER NOT NULL, "tokens_completion" INTEGER NOT NULL, "tokens_reasoning" INTEGER NOT NULL,
                    "tokens_cached" INTEGER NOT NULL, "requests" INTEGER NOT NULL, "cost_nanos" INTEGER NOT NULL,
                    CONSTRAINT "PK_dimension_rollups" PRIMARY KEY ("dimension", "day", "key")
                ) WITHOUT ROWID;
                """);

            // Records are stored packed; each id once, keyed by itself.
            migrationBuilder.Sql("""
                CREATE TABLE record_blocks (
                    seq INTEGER NOT NULL CONSTRAINT PK_record_blocks PRIMARY KEY AUTOINCREMENT,
                    batch_id INTEGER NOT NULL, records INTEGER NOT NULL, data BLOB NOT NULL);
                CREATE TABLE record_ids (
                    id TEXT NOT NULL CONSTRAINT PK_record_ids PRIMARY KEY, batch_id INTEGER NOT NULL) WITHOUT ROWID;
                """);

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FriendlyName = table.Column<string>(type: "TEXT", nullable: true),
                    Xml = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

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

            migrationBuilder.CreateTable(
                name: "listing_version",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false),
                    version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_listing_version", x => x.id);
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
                    received_at = table.Column<long>(type: "INTEGER", nullable: false),
                    // last: the column order of the databases written before the squash
                    reason = table.Column<string>(type: "TEXT", nullable: false, defaultValue: "")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rejected_lines", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "rejection_counts",
                columns: table => new
                {
                    batch_id = table.Column<long>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", nullable: false),
                    received_at = table.Column<long>(type: "INTEGER", nullable: false),
                    count = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rejection_counts", x => new { x.batch_id, x.reason });
                });

            migrationBuilder.CreateTable(
                name: "saved_views",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    owner_id = table.Column<string>(type: "TEXT", nullable: false),
                    owner_name = table.Column<string>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    url = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_saved_views", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoleClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RoleId = table.Column<string>(type: "TEXT", nullable: false),
                    ClaimType = table.Column<string>(type: "TEXT", nullable: true),
                    ClaimValue = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetRoleClaims_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    ClaimType = table.Column<string>(type: "TEXT", nullable: true),
                    ClaimValue = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUserClaims_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserLogins",
                columns: table => new
                {
                    LoginProvider = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderKey = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderDisplayName = table.Column<string>(type: "TEXT", nullable: true),
                    UserId = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                    table.ForeignKey(
                        name: "FK_AspNetUserLogins_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserRoles",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    RoleId = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserTokens",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    LoginProvider = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Value = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                    table.ForeignKey(
                        name: "FK_AspNetUserTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "aggregation_state",
                columns: new[] { "id", "folded_records", "high_water_seq", "last_aggregated_at", "last_run_ms" },
                values: new object[] { 1, 0L, 0L, null, 0L });

            migrationBuilder.InsertData(
                table: "listing_version",
                columns: new[] { "id", "version" },
                values: new object[] { 1, 0L });

            migrationBuilder.CreateIndex(
                name: "ix_app_aliases_app",
                table: "app_aliases",
                columns: new[] { "app_key", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_app_owners_user",
                table: "app_owners",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_apps_listed",
                table: "apps",
                column: "listed");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetRoleClaims_RoleId",
                table: "AspNetRoleClaims",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "AspNetRoles",
                column: "NormalizedName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserClaims_UserId",
                table: "AspNetUserClaims",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserLogins_UserId",
                table: "AspNetUserLogins",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserRoles_RoleId",
                table: "AspNetUserRoles",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "AspNetUsers",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "AspNetUsers",
                column: "NormalizedUserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_ingest_batches_received_at",
                table: "ingest_batches",
                column: "received_at");

            migrationBuilder.CreateIndex(
                name: "ix_listing_audit_app",
                table: "listing_audit",
                columns: new[] { "app_key", "changed_at" });

            migrationBuilder.CreateIndex(
                name: "ix_rejected_lines_batch_id",
                table: "rejected_lines",
                column: "batch_id");

            migrationBuilder.CreateIndex(
                name: "ix_rejected_lines_reason",
                table: "rejected_lines",
                columns: new[] { "reason", "received_at" });

            migrationBuilder.CreateIndex(
                name: "ix_rejected_lines_received_at",
                table: "rejected_lines",
                column: "received_at");

            migrationBuilder.CreateIndex(
                name: "ix_rejection_counts_received_at",
                table: "rejection_counts",
                column: "received_at");

            migrationBuilder.CreateIndex(
                name: "ix_saved_views_name",
                table: "saved_views",
                column: "name");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP VIEW rollups;");

            migrationBuilder.DropTable(
                name: "aggregation_state");

            migrationBuilder.DropTable(
                name: "app_aliases");

            migrationBuilder.DropTable(
                name: "app_attribution");

            migrationBuilder.DropTable(
                name: "app_owners");

            migrationBuilder.DropTable(
                name: "apps");

            migrationBuilder.DropTable(
                name: "AspNetRoleClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserLogins");

            migrationBuilder.DropTable(
                name: "AspNetUserRoles");

            migrationBuilder.DropTable(
                name: "AspNetUserTokens");

            migrationBuilder.DropTable(
                name: "cube");

            migrationBuilder.DropTable(
                name: "cube_keys");

            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "dimension_rollups");

            migrationBuilder.DropTable(
                name: "ingest_batches");

            migrationBuilder.DropTable(
                name: "listing_audit");

            migrationBuilder.DropTable(
                name: "listing_version");

            migrationBuilder.DropTable(
                name: "record_blocks");

            migrationBuilder.DropTable(
                name: "record_ids");

            migrationBuilder.DropTable(
                name: "rejected_lines");

            migrationBuilder.DropTable(
                name: "rejection_counts");

            migrationBuilder.DropTable(
                name: "saved_views");

            migrationBuilder.DropTable(
                name: "AspNetRoles");

            migrationBuilder.DropTable(
                name: "AspNetUsers");
        }
    }
}
